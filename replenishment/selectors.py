"""Reorder: what to order, fast movers first, counting what is already on its way."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models import Value as V
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from inventory.models import Location, StockLevel, StockMovement
from transfers.selectors import in_transit_total

SOLD_KINDS = (StockMovement.Kind.SALE, StockMovement.Kind.FULFIL)
# "Low stock" on the front page: below the reorder point and sold within this many days, so it needs ordering now.
NEEDS_REORDER_DAYS = 30
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


def _levels_to_reorder(*, days: int, since: datetime) -> QuerySet[StockLevel]:
    """Stock levels with what they sold since `since` and have on the way, kept when they need reordering."""
    sold = (
        StockMovement.objects.filter(stock_level=OuterRef("pk"), kind__in=SOLD_KINDS, created_at__gte=since)
        .values("stock_level")
        .annotate(total=Sum("on_hand_delta"))
        .values("total")
    )
    incoming = in_transit_total(destination_id=OuterRef("location_id"), variant_id=OuterRef("variant_id"))
    return (
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


def reorder_suggestions(
    *, location: Location | None = None, days: int = 30, now: datetime | None = None
) -> list[ReorderSuggestion]:
    """SKUs to reorder per location from the last `days` of sales (in store and fulfilled orders), fastest first.

    A SKU is suggested when its position (sellable + in transit) is at or under its reorder point, or when it
    sells and covers fewer than MIN_COVER_DAYS days. The quantity brings it back over the reorder point with
    `days` of cover, and is at least the stock level's reorder quantity. One query.
    """
    days = max(int(days), 1)
    levels = _levels_to_reorder(days=days, since=(now or timezone.now()) - timedelta(days=days))
    if location is not None:
        levels = levels.filter(location=location)
    return [
        ReorderSuggestion(
            stock_level=level,
            sold=level.sold,
            days=days,
            in_transit=level.in_transit,
            suggested_quantity=max(level.reorder_quantity, level.reorder_point + level.sold - level.position, 1),
        )
        for level in levels
    ]


def _suggested_quantity():
    """reorder_suggestions' quantity as an expression over _levels_to_reorder's annotations."""
    return Greatest(F("reorder_quantity"), F("reorder_point") + F("sold") - F("position"), V(1))


def levels_needing_reorder(*, days: int = NEEDS_REORDER_DAYS, now: datetime | None = None) -> QuerySet[StockLevel]:
    """What needs action: stock levels at or under their reorder point (counting what is on its way) that sold in
    the last `days`. A slow line that sits under its point without selling can wait; these cannot."""
    since = (now or timezone.now()) - timedelta(days=days)
    return _levels_to_reorder(days=days, since=since).filter(
        reorder_point__gt=0, position__lte=F("reorder_point"), sold__gt=0
    )


def reorder_needed_summary(*, store_id: int | None, now: datetime | None = None) -> dict[str, int | Decimal]:
    """How many stock levels need reordering and what the suggested quantities are worth at shelf price, everywhere
    and at one store, in one query."""
    value = ExpressionWrapper(
        _suggested_quantity() * F("variant__price"), output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    at_store = Q(location_id=store_id) if store_id else Q(pk=0)
    sums = (
        levels_needing_reorder(now=now)
        .order_by()
        .aggregate(
            everywhere=Count("pk"),
            store=Count("pk", filter=at_store),
            everywhere_value=Sum(value),
            store_value=Sum(value, filter=at_store),
        )
    )
    zero = Decimal("0.00")
    return {**sums, "everywhere_value": sums["everywhere_value"] or zero, "store_value": sums["store_value"] or zero}
