"""The staff console's front page: today at the manager's store and at all stores, each figure a link to its list.

It reads orders, returns, pickups, stock and points, so it lives above every domain app, beside the admin site
(config/admin.py) that puts it on the index page. Every figure is one aggregate query, so the page costs the same whatever the day's volume.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import store_scope
from customers.models import Channel
from inventory.models import Location, StaffProfile
from loyalty.models import PointsEntry
from orders.models import Order
from pickup.models import Pickup
from pickup.selectors import QUEUE_GROUPS, pickup_overdue_q
from replenishment.selectors import NEEDS_REORDER_DAYS, reorder_needed_summary
from returns.models import Return

# The location filter's value for "every location" in the stock, order and pickup lists.
ALL_LOCATIONS = "all"
# Orders that count as sold today: placed and not given up (awaiting payment, cancelled and expired are not sales).
SOLD = [
    Order.Status.PLACED,
    Order.Status.PICKING,
    Order.Status.READY,
    Order.Status.SHIPPED,
    Order.Status.COMPLETED,
]
# The chart's geometry, in SVG user units (it scales to the column's width).
CHART_WIDTH = 480
CHART_LABEL_WIDTH = 100
CHART_BAR_SPACE = 270
CHART_BAR_HEIGHT = 14
CHART_ROW_GAP = 12


@dataclass(frozen=True)
class Cell:
    """One figure and the list behind it ("" when the staff member cannot open that list)."""

    value: int | Decimal | None
    url: str = ""
    count: int | None = None  # orders behind a sales total
    worth: Decimal | None = None  # what reordering the items behind a count would cost at shelf price


@dataclass(frozen=True)
class Row:
    label: str
    everywhere: Cell
    store: Cell | None = None
    money: bool = False
    help: str = ""


@dataclass(frozen=True)
class Bar:
    series: str  # "store" or "everywhere", the CSS class that colours it
    y: int
    width: int
    value: Decimal
    text_x: int


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: list[ChartRow]
    empty: bool
    bars_x: int = CHART_LABEL_WIDTH


@dataclass
class Dashboard:
    day: datetime
    store: Location | None
    everywhere: bool = True  # the "all stores" column, for staff who read every store's records
    sales: list[Row] = field(default_factory=list)
    sales_total: Row | None = None
    chart: Chart | None = None
    figures: list[Row] = field(default_factory=list)
    reorder_store_url: str = ""
    reorder_everywhere_url: str = ""

    @property
    def shows_anything(self) -> bool:
        return bool(self.sales or self.figures)


def _may_view(user, app_label: str, model: str) -> bool:
    return user.has_perm(f"{app_label}.view_{model}") or user.has_perm(f"{app_label}.change_{model}")


def _url(name: str, query: dict) -> str:
    return reverse(f"admin:{name}") + "?" + urlencode(query)


def _at_store(lookup: str, value) -> Q:
    # Without a home store the store figures match nothing (primary keys start at 1); the page hides them anyway.
    return Q(**{lookup: value}) if value else Q(pk=0)


def today_bounds(*, now: datetime | None = None) -> tuple[datetime, datetime]:
    """Midnight to midnight of today in the shop's time zone."""
    day = timezone.localdate(now or timezone.now())
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def home_store(*, user) -> Location | None:
    """The staff member's own store, read with its profile in one query."""
    profile = StaffProfile.objects.select_related("home_location").filter(user_id=user.pk).first()
    return profile.home_location if profile else None


def sales_by_channel(*, start: datetime, end: datetime, store_id: int | None) -> dict[str, dict]:
    """Today's sales per channel, everywhere and at one store: totals and order counts in one query."""
    at_store = _at_store("location_id", store_id)
    rows = (
        Order.objects.filter(placed_at__gte=start, placed_at__lt=end, status__in=SOLD)
        .values("channel")
        .annotate(
            sold=Sum("total"),
            orders=Count("pk"),
            store_sold=Sum("total", filter=at_store),
            store_orders=Count("pk", filter=at_store),
        )
        .order_by()
    )
    return {row["channel"]: row for row in rows}


def pickups_open(*, now: datetime, store_id: int | None) -> dict[str, int]:
    """Open pickups and the overdue ones, everywhere and at one store, in one query."""
    overdue = pickup_overdue_q(now=now)
    at_store = _at_store("location_id", store_id)
    return Pickup.objects.filter(status__in=QUEUE_GROUPS).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue),
        store_open=Count("pk", filter=at_store),
        store_overdue=Count("pk", filter=overdue & at_store),
    )


def points_today(*, start: datetime, end: datetime, store_code: str | None) -> dict[str, int]:
    """Points issued (earned) and redeemed today, everywhere and at one store, in one query; redeemed as positive."""
    earned, redeemed = Q(kind=PointsEntry.Kind.EARN), Q(kind=PointsEntry.Kind.REDEEM)
    at_store = _at_store("location_code", store_code)
    sums = PointsEntry.objects.filter(
        occurred_at__gte=start, occurred_at__lt=end, kind__in=[PointsEntry.Kind.EARN, PointsEntry.Kind.REDEEM]
    ).aggregate(
        issued=Sum("points", filter=earned),
        redeemed=Sum("points", filter=redeemed),
        store_issued=Sum("points", filter=earned & at_store),
        store_redeemed=Sum("points", filter=redeemed & at_store),
    )
    return {
        "issued": sums["issued"] or 0,
        "redeemed": -(sums["redeemed"] or 0),
        "store_issued": sums["store_issued"] or 0,
        "store_redeemed": -(sums["store_redeemed"] or 0),
    }


def returns_today(*, start: datetime, end: datetime, store_id: int | None) -> dict[str, int]:
    """Returns taken today, everywhere and at one store, in one query."""
    at_store = _at_store("location_id", store_id)
    return Return.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        everywhere=Count("pk"), store=Count("pk", filter=at_store)
    )


def sales_chart(rows: list[Row], *, everywhere: bool = True) -> Chart:
    """Horizontal bars per channel (the store's above all stores'), scaled to the biggest total of the day."""

    def cells(row: Row) -> list[tuple[str, Cell | None]]:
        return [("store", row.store), *([("everywhere", row.everywhere)] if everywhere else [])]

    biggest = max((cell.value or 0 for row in rows for _, cell in cells(row) if cell), default=0)
    chart_rows, y = [], CHART_ROW_GAP
    for row in rows:
        bars = []
        for series, cell in cells(row):
            if cell is None:
                continue
            value = cell.value or Decimal("0")
            width = round(CHART_BAR_SPACE * value / biggest) if biggest else 0
            bars.append(Bar(series, y + CHART_BAR_HEIGHT * len(bars), width, value, CHART_LABEL_WIDTH + width + 6))
        chart_rows.append(ChartRow(row.label, y + CHART_BAR_HEIGHT * len(bars) // 2 + 4, bars))
        y += CHART_BAR_HEIGHT * len(bars) + CHART_ROW_GAP
    return Chart(width=CHART_WIDTH, height=y, rows=chart_rows, empty=not biggest)


def dashboard_build(*, user, now: datetime | None = None) -> Dashboard:
    """The front page's figures for this staff member: only the sections their role may open."""
    now = now or timezone.now()
    start, end = today_bounds(now=now)
    store = home_store(user=user)
    store_id = store.pk if store else None
    where = {"store": str(store_id), "everywhere": ALL_LOCATIONS}
    board = Dashboard(day=timezone.localtime(start), store=store, everywhere=store_scope.sees_everywhere(user))
    if store is None and not board.everywhere:
        return board  # staff who read only their own store, and have none
    if _may_view(user, "orders", "order"):
        board.sales, board.sales_total = _sales_rows(start=start, end=end, store=store, where=where)
        board.chart = sales_chart(board.sales, everywhere=board.everywhere)
    if _may_view(user, "pickup", "pickup"):
        board.figures.extend(_pickup_rows(now=now, store=store, where=where))
    if _may_view(user, "inventory", "stocklevel"):
        board.figures.append(_low_stock_row(store=store, where=where, now=now))
        if board.everywhere:
            board.reorder_everywhere_url = _url("inventory_stocklevel_reorder", {"location": where["everywhere"]})
        if store:
            board.reorder_store_url = _url("inventory_stocklevel_reorder", {"location": where["store"]})
    returns = returns_today(start=start, end=end, store_id=store_id)
    if _may_view(user, "returns", "return"):
        board.figures.append(_returns_row(returns, start=start, end=end, store=store, where=where))
    if _may_view(user, "loyalty", "pointsentry"):
        board.figures.extend(_points_rows(start=start, end=end, store=store))
    return board


def _sales_row(
    label: str, *, sold: tuple, store_sold: tuple | None, day_query: dict, where: dict, channel: str | None
) -> Row:
    """Sales and orders (total, count) everywhere and, for staff with a home store, at it; each cell a link to the
    day's orders it counts, of one channel or (None) of all."""

    def cell(total, count, location: str) -> Cell:
        query = {**day_query, "location": location, **({"channel__exact": channel} if channel else {})}
        return Cell(total or Decimal("0"), _url("orders_order_changelist", query), count or 0)

    return Row(
        label=label,
        everywhere=cell(*sold, where["everywhere"]),
        store=cell(*store_sold, where["store"]) if store_sold is not None else None,
        money=True,
    )


def _added(cells: list[Cell]) -> tuple[Decimal, int]:
    return sum((c.value for c in cells), Decimal("0")), sum(c.count for c in cells)


def _sales_rows(*, start: datetime, end: datetime, store: Location | None, where: dict) -> tuple[list[Row], Row]:
    """A row per channel and the all-channels total, each cell a link to the day's orders it counts."""
    sold = sales_by_channel(start=start, end=end, store_id=store.pk if store else None)
    day = timezone.localdate(start)
    day_query = {
        "placed_at__year": day.year,
        "placed_at__month": day.month,
        "placed_at__day": day.day,
        "status__in": ",".join(SOLD),
    }
    rows = []
    for channel in Channel:
        row = sold.get(channel.value, {})
        rows.append(
            _sales_row(
                channel.label,
                sold=(row.get("sold"), row.get("orders")),
                store_sold=(row.get("store_sold"), row.get("store_orders")) if store else None,
                day_query=day_query,
                where=where,
                channel=channel.value,
            )
        )
    total = _sales_row(
        _("All channels"),
        sold=_added([r.everywhere for r in rows]),
        store_sold=_added([r.store for r in rows]) if store else None,
        day_query=day_query,
        where=where,
        channel=None,
    )
    return rows, total


def _pickup_rows(*, now: datetime, store: Location | None, where: dict) -> list[Row]:
    """Open and overdue pickups, each linked to the queue filtered the same way."""
    pickups = pickups_open(now=now, store_id=store.pk if store else None)
    waiting = ",".join(QUEUE_GROUPS)

    def cell(value, location: str, overdue: bool) -> Cell:
        query = {"overdue": "yes"} if overdue else {"status__in": waiting}
        return Cell(value, _url("pickup_pickup_changelist", {**query, "location": location}))

    return [
        Row(
            label=_("Open pickups"),
            everywhere=cell(pickups["open"], where["everywhere"], False),
            store=cell(pickups["store_open"], where["store"], False) if store else None,
            help=_("Placed, being picked or ready at the counter."),
        ),
        Row(
            label=_("Overdue pickups"),
            everywhere=cell(pickups["overdue"], where["everywhere"], True),
            store=cell(pickups["store_overdue"], where["store"], True) if store else None,
            help=_("Not ready by the time promised, or ready and not collected within the hold."),
        ),
    ]


def _low_stock_row(*, store: Location | None, where: dict, now: datetime) -> Row:
    """What needs reordering (under the reorder point and selling), with what the reorder would cost at shelf
    price, linked to the stock list filtered to the same rows."""
    low = reorder_needed_summary(store_id=store.pk if store else None, now=now)

    def cell(value, worth, location: str) -> Cell:
        url = _url("inventory_stocklevel_changelist", {"reorder": "needed", "location": location})
        return Cell(value, url, worth=worth)

    return Row(
        label=_("Low stock"),
        everywhere=cell(low["everywhere"], low["everywhere_value"], where["everywhere"]),
        store=cell(low["store"], low["store_value"], where["store"]) if store else None,
        help=_(
            "Items at or below their reorder point that sold in the last %(days)d days, and what reordering them "
            "would cost at shelf price."
        )
        % {"days": NEEDS_REORDER_DAYS},
    )


def _points_rows(*, start: datetime, end: datetime, store: Location | None) -> list[Row]:
    """Points issued and redeemed today, linked to the points ledger for the day."""
    points = points_today(start=start, end=end, store_code=store.code if store else None)
    dated = {"occurred_at__gte": start.isoformat(), "occurred_at__lt": end.isoformat()}

    def cell(value, kind: str, code: str | None) -> Cell:
        query = {"kind__exact": kind, **dated, **({"location_code": code} if code else {})}
        return Cell(value, _url("loyalty_pointsentry_changelist", query))

    return [
        Row(
            label=label,
            everywhere=cell(points[key], kind, None),
            store=cell(points[f"store_{key}"], kind, store.code) if store else None,
        )
        for label, kind, key in (
            (_("Points issued"), PointsEntry.Kind.EARN, "issued"),
            (_("Points redeemed"), PointsEntry.Kind.REDEEM, "redeemed"),
        )
    ]


def _returns_row(returns: dict, *, start: datetime, end: datetime, store: Location | None, where: dict) -> Row:
    dated = {"created_at__gte": start.isoformat(), "created_at__lt": end.isoformat()}

    def cell(value, location: str | None) -> Cell:
        try:
            url = _url(
                "returns_return_changelist", {**dated, **({"location__id__exact": location} if location else {})}
            )
        except NoReverseMatch:
            url = ""
        return Cell(value, url)

    return Row(
        label=_("Returns today"),
        everywhere=cell(returns["everywhere"], None),
        store=cell(returns["store"], where["store"]) if store else None,
    )
