"""Reads of stock: availability per variant and location, each page asking the database once."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from inventory.models import Location, StockLevel


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
