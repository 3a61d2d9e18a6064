"""Reads of stock: availability per variant and location, each page asking the database once."""

import functools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from catalog.models import Variant
from inventory.models import Location, OpeningHours, Reservation, StockLevel, StockMovement, Transfer, TransferLine

# Pickup times are shown to the minute but promised on the quarter hour ("from 15:15", never "from 15:07").
PICKUP_ROUNDING_MINUTES = 15
PICKUP_HORIZON_DAYS = 7


@dataclass(frozen=True)
class LocationAvailability:
    """What one location can offer of one variant."""

    location: Location
    on_hand: int
    reserved: int
    buffer: int

    @property
    def in_store(self) -> int:
        return max(self.on_hand - self.reserved, 0)

    @property
    def online(self) -> int:
        return max(self.on_hand - self.reserved - self.buffer, 0)


def availability_by_variant(*, variant_ids: Iterable[int]) -> dict[int, list[LocationAvailability]]:
    """For each variant, its availability at every active location that stocks it, in one query."""
    rows = (
        StockLevel.objects.filter(variant_id__in=list(variant_ids), location__is_active=True)
        .select_related("location")
        .order_by("location__kind", "location__name")
    )
    result: dict[int, list[LocationAvailability]] = defaultdict(list)
    for row in rows:
        result[row.variant_id].append(
            LocationAvailability(location=row.location, on_hand=row.on_hand, reserved=row.reserved, buffer=row.buffer)
        )
    return dict(result)


def stock_levels_with_stock(*, location_id: int | None = None, online: bool = False) -> QuerySet[StockLevel]:
    """Stock levels that have something to sell: in-store availability at one location, or online availability.

    Meant for `Exists(...filter(variant__product=OuterRef("pk")))` in catalog listings.
    """
    levels = StockLevel.objects.filter(location__is_active=True)
    if location_id is not None:
        levels = levels.filter(location_id=location_id)
    if online:
        buffer = Coalesce("online_buffer", "location__default_online_buffer")
        return levels.filter(on_hand__gt=F("reserved") + buffer)
    return levels.filter(on_hand__gt=F("reserved"))


def _opening_hours_by_weekday(location: Location) -> dict[int, OpeningHours]:
    # .all() uses a prefetch when the caller made one, so a list of stores costs no extra queries.
    return {hours.weekday: hours for hours in location.opening_hours.all()}


def _round_up(moment: datetime, minutes: int) -> datetime:
    step = minutes * 60
    seconds = moment.minute * 60 + moment.second + moment.microsecond / 1_000_000
    extra = math.ceil(seconds / step) * step - seconds
    return (moment + timedelta(seconds=extra)).replace(second=0, microsecond=0) if extra else moment


def pickup_ready_at(*, location: Location, now: datetime) -> datetime | None:
    """When an order placed at `now` can be collected: after the lead time, inside opening hours, in store time.

    None when the location is not a pickup point or is closed for the next seven days.
    """
    if not location.is_pickup_point or not location.is_active:
        return None
    hours = _opening_hours_by_weekday(location)
    if not hours:
        return None
    tz = ZoneInfo(location.timezone)
    earliest = _round_up(
        (now + timedelta(minutes=location.pickup_lead_minutes)).astimezone(tz), PICKUP_ROUNDING_MINUTES
    )
    for offset in range(PICKUP_HORIZON_DAYS + 1):
        day: date = earliest.date() + timedelta(days=offset)
        interval = hours.get(day.weekday())
        if interval is None:
            continue
        opens = datetime.combine(day, interval.opens, tzinfo=tz)
        closes = datetime.combine(day, interval.closes, tzinfo=tz)
        if earliest < opens:
            return opens
        if earliest < closes:
            return earliest
    return None


def pickup_label(ready_at: datetime | None, now: datetime) -> str:
    """Shopper wording for a ready time, in the store's clock: "Ready today from 15:00", "Ready Friday from 10:00"."""
    if ready_at is None:
        return "Not available for pickup"
    local_now = now.astimezone(ready_at.tzinfo)
    days = (ready_at.date() - local_now.date()).days
    clock = f"{ready_at:%H:%M}"
    if days <= 0:
        return f"Ready today from {clock}"
    if days == 1:
        return f"Ready tomorrow from {clock}"
    if days < 7:
        return f"Ready {ready_at:%A} from {clock}"
    return f"Ready {ready_at:%A %-d %B} from {clock}"


@dataclass(frozen=True)
class PickupOption:
    """A store that can hand a variant over, and from when."""

    location: Location
    available: int
    ready_at: datetime
    label: str

    @property
    def is_today(self) -> bool:
        return self.label.startswith("Ready today")


def _pickup_levels(*, variant_ids: list[int], quantity: int) -> QuerySet[StockLevel]:
    online = Greatest(F("on_hand") - F("reserved") - Coalesce("online_buffer", "location__default_online_buffer"), 0)
    return (
        StockLevel.objects.filter(variant_id__in=variant_ids, location__is_active=True, location__is_pickup_point=True)
        .alias(online=online)
        .filter(online__gte=quantity)
        .select_related("location")
        .prefetch_related(Prefetch("location__opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
    )


def _pickup_options(levels: Iterable[StockLevel], now: datetime) -> list[PickupOption]:
    options = []
    for level in levels:
        ready_at = pickup_ready_at(location=level.location, now=now)
        if ready_at is not None:
            options.append(
                PickupOption(
                    location=level.location,
                    available=level.available_online,
                    ready_at=ready_at,
                    label=pickup_label(ready_at, now),
                )
            )
    options.sort(key=lambda option: (option.ready_at, option.location.name))
    return options


def stores_for_pickup(*, variant_id: int, quantity: int = 1, now: datetime) -> list[PickupOption]:
    """Pickup stores that can promise `quantity` of a variant online, soonest first ("who can hand it over today")."""
    return _pickup_options(_pickup_levels(variant_ids=[variant_id], quantity=max(quantity, 1)), now)


def stores_for_pickup_by_variant(
    *, variant_ids: Iterable[int], quantity: int = 1, now: datetime
) -> dict[int, list[PickupOption]]:
    """`stores_for_pickup` for many variants at once (a product page with a variant picker), in two queries."""
    levels = list(_pickup_levels(variant_ids=list(variant_ids), quantity=max(quantity, 1)))
    by_variant: dict[int, list[StockLevel]] = defaultdict(list)
    for level in levels:
        by_variant[level.variant_id].append(level)
    return {variant_id: _pickup_options(rows, now) for variant_id, rows in by_variant.items()}


# ---- Staff views of stock: availability computed by the database, so lists can filter and sort on it. ----


def stock_levels_annotated(queryset: QuerySet[StockLevel] | None = None) -> QuerySet[StockLevel]:
    """Stock levels with `in_store`, `online` and `at_reorder_point` computed in SQL (for filters and lists)."""
    queryset = StockLevel.objects.all() if queryset is None else queryset
    buffer = Coalesce("online_buffer", "location__default_online_buffer")
    return queryset.annotate(
        in_store=Greatest(F("on_hand") - F("reserved"), Value(0)),
        online=Greatest(F("on_hand") - F("reserved") - buffer, Value(0)),
    ).annotate(at_reorder_point=Q(reorder_point__gt=0, in_store__lte=F("reorder_point")))


def below_reorder_point_q() -> Q:
    """Sellable stock has fallen to or under the reorder point (only rows that have a reorder point)."""
    return Q(reorder_point__gt=0) & Q(on_hand__lte=F("reserved") + F("reorder_point"))


def out_of_stock_q() -> Q:
    """Nothing left to sell in the store (all on hand is promised, or there is none)."""
    return Q(on_hand__lte=F("reserved"))


# ---- The ledger: every number explained by its movements. ----


@dataclass(frozen=True)
class LedgerCheck:
    """A stock level next to what its ledger and open reservations say it should be."""

    stock_level_id: int
    on_hand: int
    reserved: int
    on_hand_from_ledger: int
    reserved_from_ledger: int
    reserved_open: int
    last_on_hand_after: int | None
    last_reserved_after: int | None

    @property
    def problems(self) -> list[str]:
        found = []
        if self.on_hand != self.on_hand_from_ledger:
            found.append(f"on hand {self.on_hand} ≠ sum of on-hand movements {self.on_hand_from_ledger}")
        if self.reserved != self.reserved_open:
            found.append(f"reserved {self.reserved} ≠ open reservations {self.reserved_open}")
        if self.reserved != self.reserved_from_ledger:
            found.append(f"reserved {self.reserved} ≠ sum of reserved movements {self.reserved_from_ledger}")
        if self.last_on_hand_after is not None and self.last_on_hand_after != self.on_hand:
            found.append(f"last movement left on hand at {self.last_on_hand_after}, not {self.on_hand}")
        if self.last_reserved_after is not None and self.last_reserved_after != self.reserved:
            found.append(f"last movement left reserved at {self.last_reserved_after}, not {self.reserved}")
        if self.on_hand < 0 or self.reserved < 0 or self.reserved > self.on_hand:
            found.append(f"impossible numbers: on hand {self.on_hand}, reserved {self.reserved}")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems


def ledger_check(stock_level: StockLevel) -> LedgerCheck:
    """Check one stock level against its ledger: on hand = Σ on-hand deltas, reserved = open reservations."""
    level = StockLevel.objects.only("on_hand", "reserved").get(pk=stock_level.pk)
    sums = StockMovement.objects.filter(stock_level_id=level.pk).aggregate(
        on_hand=Coalesce(Sum("on_hand_delta"), 0), reserved=Coalesce(Sum("reserved_delta"), 0)
    )
    open_ = Reservation.objects.filter(stock_level_id=level.pk, status=Reservation.Status.OPEN).aggregate(
        total=Coalesce(Sum("quantity"), 0)
    )
    last = (
        StockMovement.objects.filter(stock_level_id=level.pk)
        .order_by("-pk")
        .values_list("on_hand_after", "reserved_after")
        .first()
    )
    return LedgerCheck(
        stock_level_id=level.pk,
        on_hand=level.on_hand,
        reserved=level.reserved,
        on_hand_from_ledger=sums["on_hand"],
        reserved_from_ledger=sums["reserved"],
        reserved_open=open_["total"],
        last_on_hand_after=last[0] if last else None,
        last_reserved_after=last[1] if last else None,
    )


def stock_levels_out_of_balance(*, location: Location | None = None) -> QuerySet[StockLevel]:
    """Stock levels whose numbers their ledger or open reservations do not explain (should always be empty)."""
    moved = (
        StockMovement.objects.filter(stock_level=OuterRef("pk"))
        .values("stock_level")
        .annotate(on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta"))
    )
    held = (
        Reservation.objects.filter(stock_level=OuterRef("pk"), status=Reservation.Status.OPEN)
        .values("stock_level")
        .annotate(total=Sum("quantity"))
    )
    levels = StockLevel.objects.annotate(
        ledger_on_hand=Coalesce(Subquery(moved.values("on_hand")), 0),
        ledger_reserved=Coalesce(Subquery(moved.values("reserved")), 0),
        reserved_open=Coalesce(Subquery(held.values("total")), 0),
    ).filter(~Q(on_hand=F("ledger_on_hand")) | ~Q(reserved=F("ledger_reserved")) | ~Q(reserved=F("reserved_open")))
    if location is not None:
        levels = levels.filter(location=location)
    return levels


def in_transit_to(*, location: Location) -> dict[int, int]:
    """Units per variant shipped to a location and not yet received."""
    rows = (
        TransferLine.objects.filter(transfer__destination=location, transfer__status=Transfer.Status.IN_TRANSIT)
        .values("variant_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["variant_id"]: row["total"] for row in rows}


# ---- Reorder: what to order, fast movers first. ----

SOLD_KINDS = (StockMovement.Kind.SALE, StockMovement.Kind.FULFIL)
# A SKU selling fast is suggested when what is left covers fewer days than this, even above its reorder point.
MIN_COVER_DAYS = 7


@dataclass(frozen=True)
class ReorderSuggestion:
    """One SKU at one location that should be reordered, and why."""

    stock_level: StockLevel
    sold: int
    days: int
    in_transit: int
    suggested_quantity: int

    @property
    def location(self) -> Location:
        return self.stock_level.location

    @property
    def sku(self) -> str:
        return self.stock_level.variant.sku

    @property
    def position(self) -> int:
        """What the store can still sell plus what is on its way."""
        return self.stock_level.on_hand - self.stock_level.reserved + self.in_transit

    @property
    def velocity(self) -> float:
        """Units sold per day over the window."""
        return self.sold / self.days if self.days else 0.0

    @property
    def days_of_cover(self) -> float | None:
        """Days until it runs out at the current pace; None when it is not selling."""
        return max(self.position, 0) / self.velocity if self.velocity else None


def reorder_suggestions(
    *, location: Location | None = None, days: int = 30, now: datetime | None = None
) -> list[ReorderSuggestion]:
    """SKUs to reorder per location from the last `days` of sales (in store and fulfilled orders), fastest first.

    A SKU is suggested when its position (sellable + in transit) is at or under its reorder point, or when it
    sells and covers fewer than MIN_COVER_DAYS days. The quantity brings it back over the reorder point with
    `days` of cover, and is at least the stock level's reorder quantity. One query.
    """
    days = max(int(days), 1)
    since = (now or timezone.now()) - timedelta(days=days)
    sold = (
        StockMovement.objects.filter(stock_level=OuterRef("pk"), kind__in=SOLD_KINDS, created_at__gte=since)
        .values("stock_level")
        .annotate(total=Sum("on_hand_delta"))
        .values("total")
    )
    incoming = (
        TransferLine.objects.filter(
            transfer__status=Transfer.Status.IN_TRANSIT,
            transfer__destination_id=OuterRef("location_id"),
            variant_id=OuterRef("variant_id"),
        )
        .values("variant_id")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    levels = (
        StockLevel.objects.filter(location__is_active=True)
        .annotate(
            sold=Coalesce(-Subquery(sold, output_field=IntegerField()), 0),
            in_transit=Coalesce(Subquery(incoming, output_field=IntegerField()), 0),
        )
        .annotate(position=F("on_hand") - F("reserved") + F("in_transit"))
        # position / (sold / days) < MIN_COVER_DAYS, kept in whole numbers.
        .annotate(position_days=F("position") * days)
        .filter(
            Q(reorder_point__gt=0, position__lte=F("reorder_point"))
            | Q(sold__gt=0, position__lte=F("reorder_point"))
            | Q(sold__gt=0, position_days__lt=F("sold") * MIN_COVER_DAYS)
        )
        .select_related("location", "variant", "variant__product")
        .order_by("-sold", "position", "variant__sku", "location__name")
    )
    if location is not None:
        levels = levels.filter(location=location)
    suggestions = []
    for level in levels:
        position = level.position
        need = level.reorder_point + level.sold - position
        suggestions.append(
            ReorderSuggestion(
                stock_level=level,
                sold=level.sold,
                days=days,
                in_transit=level.in_transit,
                suggested_quantity=max(level.reorder_quantity, need, 1),
            )
        )
    return suggestions


@dataclass(frozen=True)
class ProductStockFlags:
    in_stock: bool  # some active location can hand over an active variant now
    online: bool  # some active variant can be promised to the web


@functools.cache
def _stock_flags_sql() -> tuple[str, tuple, int]:
    """The statement behind stock_flags_by_product, compiled by the ORM once per process.

    Each active variant of the given products with two EXISTS probes of its stock levels (index lookups by
    variant), as `stock_levels_with_stock` defines having stock. Compiling it costs twice what PostgreSQL takes
    to answer it, and a grid asks it every time it is drawn. Returns the SQL, its parameters and the index of the
    one that takes the product ids (an array).
    """
    in_store = stock_levels_with_stock().filter(variant_id=OuterRef("pk"))
    online = stock_levels_with_stock(online=True).filter(variant_id=OuterRef("pk"))
    rows = (
        Variant.objects.filter(is_active=True, product_id__in=RawSQL("SELECT unnest(%s::bigint[])", [[]]))
        .annotate(in_store=Exists(in_store), online=Exists(online))
        .order_by()  # the default ordering would join products only to sort rows that are folded into a dict
        .values_list("product_id", "in_store", "online")
    )
    sql, params = rows.query.sql_with_params()
    return sql, params, next(i for i, param in enumerate(params) if param == [])


def stock_flags_by_product(*, product_ids: Iterable[int]) -> dict[int, ProductStockFlags]:
    """Stock flags for one page of products in one query (see _stock_flags_sql); products without an active
    variant are left out.

    Joining stock levels to variants to group by product made PostgreSQL scan every stock level; a probe per
    variant reads only the ten or so levels of each of the page's variants.
    """
    ids = [int(pk) for pk in product_ids]
    if not ids:  # a product page without accessories asks for none
        return {}
    sql, params, ids_at = _stock_flags_sql()
    params = list(params)
    params[ids_at] = ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    in_store_ids: set[int] = set()
    online_ids: set[int] = set()
    seen: set[int] = set()
    for product_id, has_in_store, has_online in rows:
        seen.add(product_id)
        if has_in_store:
            in_store_ids.add(product_id)
        if has_online:
            online_ids.add(product_id)
    return {pid: ProductStockFlags(in_stock=pid in in_store_ids, online=pid in online_ids) for pid in seen}
