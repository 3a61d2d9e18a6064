"""Where and when a shopper can have a variant: its stock in every store, and each pickup store's ready time or why
not. One reading for every surface that shows it (the shop's product page, the clerk's tablet, the channel feeds);
and for the clerk's tablet, each variant at one store: on its shelf, elsewhere, and when an order of it could be
ready there (`variants_stock`), and a customer's wishlist with the same (`customer_wishlist_with_stock`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext

from catalog.models import Variant
from customers.models import Customer, WishlistItem
from inventory.models import Location, OpeningHours
from inventory.selectors import (
    LocationAvailability,
    StockBadge,
    availability_by_variant,
    pickup_label,
    pickup_ready_at,
    stock_badge,
)


def store_locations() -> list[Location]:
    """Active stores a shopper can filter by."""
    return list(Location.objects.filter(is_active=True, kind=Location.Kind.STORE).order_by("name"))


@dataclass(frozen=True)
class StorePickup:
    """One store in the product page's pickup list: when it can hand the variant over, or why it cannot."""

    location: Location
    in_store: int
    online: int
    ready_label: str = ""
    is_home: bool = False

    @property
    def can_pickup(self) -> bool:
        return bool(self.ready_label)

    @property
    def badge(self) -> StockBadge:
        return stock_badge(available=self.in_store)

    @property
    def reason(self) -> str:
        """Why a store cannot hand it over beyond what its stock label says, in the shopper's words."""
        if self.can_pickup or self.in_store <= 0:
            return ""
        if not self.location.is_pickup_point:
            return gettext("No click & collect at this store")
        if self.online <= 0:
            return gettext("Held back for shoppers in the store")
        return gettext("No pickup times in the coming week")


@dataclass(frozen=True)
class StoreStock:
    """What one store can offer of one variant, ready for display."""

    location: Location
    in_store: int
    online: int
    pickup_at: dt.datetime | None = None
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def badge(self) -> StockBadge:
        return stock_badge(available=self.in_store)

    @property
    def pickup_label(self) -> str:
        """ "Ready today from 15:00", "… tomorrow …" or a weekday, in the store's own clock."""
        if self.pickup_at is None:
            return ""
        return pickup_label(self.pickup_at, self.now)


@dataclass(frozen=True)
class VariantAvailability:
    """One variant across all locations: the stores that have it and whether the web can sell it."""

    stores: list[StoreStock]
    total: int
    online_total: int
    pickup_stores: list[StorePickup] = field(default_factory=list)

    @property
    def available_online(self) -> bool:
        return self.online_total > 0

    @property
    def badge(self) -> StockBadge:
        """Counted over every location, the warehouse too: what the shop can still sell of this variant."""
        return stock_badge(available=self.total)


def _pickup_stores(
    *, stores: list[Location], levels: list, ready_at: dict[int, dt.datetime | None], now: dt.datetime, home_store
) -> list[StorePickup]:
    """Every pickup store for one variant (and other stores that have it): the home store first, then those that can
    hand it over (soonest), then the rest, each with why not."""
    by_location = {level.location.pk: level for level in levels}
    rows = []
    for store in stores:
        level = by_location.get(store.pk)
        in_store, online = (level.in_store, level.online) if level else (0, 0)
        if not store.is_pickup_point and in_store <= 0:
            continue  # a store without click & collect matters only when a shopper can walk in and buy it
        when = ready_at.get(store.pk)
        ready_label = pickup_label(when, now) if (when and online > 0) else ""
        rows.append(
            StorePickup(
                location=store,
                in_store=in_store,
                online=online,
                ready_label=ready_label,
                is_home=home_store is not None and store.pk == home_store.pk,
            )
        )
    far_future = now + dt.timedelta(days=365)
    rows.sort(
        key=lambda row: (
            not row.is_home,
            not row.can_pickup,
            ready_at.get(row.location.pk) or far_future if row.can_pickup else far_future,
            row.location.name,
        )
    )
    return rows


def variants_availability(
    *,
    variant_ids: Iterable[int],
    now: dt.datetime | None = None,
    pickup_for: int | None = None,
    home_store: Location | None = None,
    stores: list[Location] | None = None,
) -> dict[int, VariantAvailability]:
    """Availability of each variant in one stock query; for `pickup_for`, every store with its pickup time or why not
    (two more queries: the stores and their opening hours)."""
    variant_ids = list(variant_ids)
    rows = availability_by_variant(variant_ids=variant_ids) if variant_ids else {}
    now = now or timezone.now()
    # `stores` (the shop's structure, opening hours prefetched) saves the stores and their hours a query each.
    known = {store.pk: store for store in stores or []}
    pickup_stores = [
        known.get(level.location.pk, level.location)
        for level in rows.get(pickup_for, [])
        if level.location.kind == Location.Kind.STORE and level.location.is_pickup_point and level.online > 0
    ]
    if any(store.pk not in known for store in pickup_stores):
        prefetch_related_objects([s for s in pickup_stores if s.pk not in known], "opening_hours")
    all_stores = (stores if stores is not None else store_locations()) if pickup_for is not None else []
    ready_at = {store.pk: pickup_ready_at(location=store, now=now) for store in pickup_stores}
    result = {}
    for variant_id in variant_ids:
        levels = rows.get(variant_id, [])
        stores = []
        for level in levels:
            if level.location.kind != Location.Kind.STORE or level.in_store <= 0:
                continue
            pickup_at = ready_at.get(level.location.pk) if variant_id == pickup_for else None
            stores.append(
                StoreStock(
                    location=level.location, in_store=level.in_store, online=level.online, pickup_at=pickup_at, now=now
                )
            )
        result[variant_id] = VariantAvailability(
            stores=stores,
            total=sum(level.in_store for level in levels),
            online_total=sum(level.online for level in levels),
            pickup_stores=_pickup_stores(
                stores=all_stores, levels=levels, ready_at=ready_at, now=now, home_store=home_store
            )
            if variant_id == pickup_for
            else [],
        )
    return result


@dataclass(frozen=True)
class VariantStock:
    """One variant as the clerk sees it: what is on the shelf here, elsewhere, and when it could be here."""

    variant: Variant
    here: int
    others: list[LocationAvailability]
    warehouse: int
    online: int
    ready_at: dt.datetime | None
    ship_to_store: bool

    @property
    def in_stock_here(self) -> bool:
        return self.here > 0


def store_with_hours(*, location: Location) -> Location:
    """The clerk's store with its opening hours, for ready times (two queries, once per page)."""
    return Location.objects.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday"))
    ).get(pk=location.pk)


def variants_stock(
    *, variants: list[Variant], location: Location, now: dt.datetime | None = None
) -> list[VariantStock]:
    """Each variant's stock here, at every other store, the warehouse and online, and when an order of it to this
    store would be ready (from this store's stock, else shipped from the warehouse); one stock query."""
    now = now or timezone.now()
    store = store_with_hours(location=location)
    ready_here = pickup_ready_at(location=store, now=now)
    ready_shipped = pickup_ready_at(location=store, now=now + dt.timedelta(days=settings.SHIP_TO_STORE_DAYS))
    rows = availability_by_variant(variant_ids=[v.pk for v in variants])
    result = []
    for variant in variants:
        levels = rows.get(variant.pk, [])
        here = next((row for row in levels if row.location.pk == location.pk), None)
        warehouse = [row for row in levels if row.location.kind == Location.Kind.WAREHOUSE]
        ship = here is None or here.online <= 0
        ready = ready_here if not ship else (ready_shipped if any(row.online > 0 for row in warehouse) else None)
        result.append(
            VariantStock(
                variant=variant,
                here=here.in_store if here else 0,
                others=[
                    row
                    for row in levels
                    if row.location.kind == Location.Kind.STORE and row.location.pk != location.pk and row.in_store
                ],
                warehouse=sum(row.in_store for row in warehouse),
                online=sum(row.online for row in levels),
                ready_at=ready,
                ship_to_store=ship and ready is not None,
            )
        )
    return result


@dataclass(frozen=True)
class WishlistEntry:
    """A wishlist item with what the clerk's store has on the shelf and which other stores have it."""

    item: WishlistItem
    here: int
    other_stores: list[LocationAvailability]

    @property
    def variant(self) -> Variant:
        return self.item.variant

    @property
    def in_stock_here(self) -> bool:
        return self.here > 0


def customer_wishlist_with_stock(*, customer: Customer, location: Location | None) -> list[WishlistEntry]:
    """The wishlist, newest first, with stock at `location` and at the other stores; two queries."""
    items = list(
        WishlistItem.objects.filter(customer=customer).select_related("variant__product").order_by("-added_at", "-pk")
    )
    stock = availability_by_variant(variant_ids=[item.variant_id for item in items])
    entries = []
    for item in items:
        rows = stock.get(item.variant_id, [])
        here = sum(row.in_store for row in rows if location is not None and row.location.pk == location.pk)
        others = [
            row
            for row in rows
            if row.location.kind == Location.Kind.STORE
            and (location is None or row.location.pk != location.pk)
            and row.in_store > 0
        ]
        entries.append(WishlistEntry(item=item, here=here, other_stores=others))
    return entries
