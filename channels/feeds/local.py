"""Google's local product inventory: one TSV row per active store and active variant — what the store can sell, how
low it runs (the "Only 3 left" rule), and whether and how soon a shopper can collect it there.

Pickup follows checkout's rule (pickup.checkout_options.pickup_choices): a pickup point that can promise a unit online
hands it over from its own shelf (`buy`) when its pickup time allows; else a warehouse that can promise it ships it
to the store (`ship_to_store`), ready SHIP_TO_STORE_DAYS later inside the store's hours.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from channels.feeds.rows import FeedVariant, feed_batches
from channels.feeds.text import clean
from inventory.models import Location, OpeningHours
from inventory.selectors import LocationAvailability, StockState, availability_by_variant, pickup_ready_at, stock_badge

CONTENT_TYPE = "text/tab-separated-values; charset=utf-8"
HEADER = ["store_code", "id", "availability", "quantity", "price", "pickup_method", "pickup_sla"]
AVAILABILITY = {
    StockState.IN: "in_stock",
    StockState.LOW: "limited_availability",
    StockState.OUT: "out_of_stock",
}


@dataclass(frozen=True)
class StorePickupTimes:
    """One store and when an order placed now is ready there: from its own shelf, and shipped from the warehouse."""

    location: Location
    code: str
    from_shelf: dt.datetime | None
    shipped: dt.datetime | None


def feed_stores(*, now: dt.datetime) -> list[StorePickupTimes]:
    """Every active store with its two ready times, computed once for the whole feed (two queries)."""
    stores = (
        Location.objects.filter(is_active=True, kind=Location.Kind.STORE)
        .prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
        .order_by("code")
    )
    shipped_now = now + dt.timedelta(days=settings.SHIP_TO_STORE_DAYS)
    return [
        StorePickupTimes(
            location=store,
            code=clean(store.code),
            from_shelf=pickup_ready_at(location=store, now=now),
            shipped=pickup_ready_at(location=store, now=shipped_now),
        )
        for store in stores
    ]


@functools.lru_cache(maxsize=256)
def _availability(quantity: int) -> str:
    """Google's word for a quantity, by the shop's one stock rule (stock_badge), worked out once per quantity."""
    return AVAILABILITY[stock_badge(available=quantity).state]


def pickup_sla(ready_at: dt.datetime, now: dt.datetime) -> str:
    """Google's words for how soon: same_day, next_day, 2-day … 6-day, multi-week; days in the store's clock."""
    days = (ready_at.date() - now.astimezone(ready_at.tzinfo).date()).days
    if days <= 0:
        return "same_day"
    if days == 1:
        return "next_day"
    return f"{days}-day" if days < 7 else "multi-week"


def _pickup(store: StorePickupTimes, level: LocationAvailability | None, warehouse_has_it: bool, now) -> tuple:
    if not store.location.is_pickup_point:
        return "not_supported", ""
    if level is not None and level.online > 0 and store.from_shelf is not None:
        return "buy", pickup_sla(store.from_shelf, now)
    if warehouse_has_it and store.shipped is not None:
        return "ship_to_store", pickup_sla(store.shipped, now)
    return "not_supported", ""


def _rows(variant: FeedVariant, levels: list[LocationAvailability], stores: list[StorePickupTimes], now) -> str:
    by_location = {level.location.pk: level for level in levels}
    warehouse_has_it = any(level.location.kind == Location.Kind.WAREHOUSE and level.online > 0 for level in levels)
    lines = []
    for store in stores:
        level = by_location.get(store.location.pk)
        quantity = level.in_store if level else 0
        method, sla = _pickup(store, level, warehouse_has_it, now)
        fields = [store.code, variant.sku, _availability(quantity), str(quantity), variant.price_text, method, sla]
        lines.append("\t".join(fields))
    return "".join(line + "\n" for line in lines)


def google_local_inventory(*, now: dt.datetime | None = None) -> Iterator[str]:
    """The feed, a batch of variants (times every store) at a time."""
    now = now or timezone.now()
    yield "\t".join(HEADER) + "\n"
    stores = feed_stores(now=now)
    if not stores:
        return
    for batch in feed_batches():
        levels = availability_by_variant(variant_ids=[variant.id for variant in batch])
        yield "".join(_rows(variant, levels.get(variant.id, []), stores, now) for variant in batch)
