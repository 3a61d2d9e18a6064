"""What the shop shows of the catalog with stock: listings filtered and flagged by availability, and the product
page's availability per store. The catalog knows nothing of stock; this surface puts the two together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, QuerySet, prefetch_related_objects
from django.utils import timezone

from catalog import selectors as catalog_selectors
from catalog.models import Product, Variant
from inventory import selectors as inventory_selectors
from inventory.models import Location
from inventory.selectors import StockBadge, StockState, stock_badge

OPTION_ORDER = ["colour", "color", "size", "length", "width"]


def _has_stock(*, location_id: int | None = None, location_code: str | None = None, online: bool = False) -> Exists:
    levels = inventory_selectors.stock_levels_with_stock(location_id=location_id, online=online)
    if location_code is not None:
        levels = levels.filter(location__code__iexact=location_code)
    return Exists(levels.filter(variant__product=OuterRef("pk"), variant__is_active=True))


def products_available_online(products: QuerySet[Product]) -> QuerySet[Product]:
    """Products with at least one active variant that can be promised to the web now."""
    return products.filter(_has_stock(online=True))


def products_with_stock_flags(products: Iterable[Product]) -> list[Product]:
    """Set `in_stock` and `online` on one page of products with a single query.

    Annotating them on the listing query made PostgreSQL hash every stock level on each request;
    asking only for the products on the page keeps a category page fast at 100,000 stock levels.
    """
    products = list(products)
    flags = inventory_selectors.stock_flags_by_product(product_ids=[p.pk for p in products])
    for product in products:
        found = flags.get(product.pk)
        product.in_stock = bool(found and found.in_stock)
        product.online = bool(found and found.online)
    return products


def products_in_stock_at(products: QuerySet[Product], *, location_code: str) -> QuerySet[Product]:
    """Products with at least one active variant that the store with this code can hand over now."""
    return products.filter(_has_stock(location_code=location_code))


# What a product card shows (storefront/_product_card.html): no description, search vector or category join.
CARD_FIELDS = ("id", "name", "slug", "min_price", "max_price", "variant_count", "default_variant_id")


def for_cards(products: QuerySet[Product]) -> QuerySet[Product]:
    """A listing narrowed to the columns of its cards: a grid reads a fifth of the bytes of whole products."""
    return products.select_related(None).only(*CARD_FIELDS)


def products_for_listing(
    *, in_stock_at: int | None = None, available_online: bool = False, **catalog_filters
) -> QuerySet[Product]:
    """The catalog's listing, narrowed to what a store (or the web) can hand over now when asked."""
    products = catalog_selectors.products_for_listing(**catalog_filters)
    if in_stock_at is not None:
        products = products.filter(_has_stock(location_id=in_stock_at))
    if available_online:
        products = products_available_online(products)
    return products


def products_newest(*, limit: int = 8) -> list[Product]:
    """The newest sellable products for the home page (an index scan of `limit` rows, whatever the catalog's size)."""
    return products_with_stock_flags(for_cards(catalog_selectors.products_newest(limit=limit)))


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
            return "No click & collect at this store"
        if self.online <= 0:
            return "Held back for shoppers in the store"
        return "No pickup times in the coming week"


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
        label = getattr(inventory_selectors, "pickup_label", None)
        if label is not None:
            return label(self.pickup_at, self.now)
        tz = ZoneInfo(self.location.timezone or "UTC")
        ready = timezone.localtime(self.pickup_at, tz)
        days = (ready.date() - timezone.localtime(self.now, tz).date()).days
        day = "today" if days <= 0 else "tomorrow" if days == 1 else ready.strftime("%A")
        return f"Ready {day} from {ready:%H:%M}"


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
    label = getattr(inventory_selectors, "pickup_label", None)
    rows = []
    for store in stores:
        level = by_location.get(store.pk)
        in_store, online = (level.in_store, level.online) if level else (0, 0)
        if not store.is_pickup_point and in_store <= 0:
            continue  # a store without click & collect matters only when a shopper can walk in and buy it
        when = ready_at.get(store.pk)
        ready_label = label(when, now) if (label and when and online > 0) else ""
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
    rows = inventory_selectors.availability_by_variant(variant_ids=variant_ids) if variant_ids else {}
    # Guarded: the pickup promise comes from inventory and the page must still work without it.
    pickup_ready_at = getattr(inventory_selectors, "pickup_ready_at", None)
    now = now or timezone.now()
    # `stores` (the shop's structure, opening hours prefetched) saves the stores and their hours a query each.
    known = {store.pk: store for store in stores or []}
    pickup_stores = [
        known.get(level.location.pk, level.location)
        for level in rows.get(pickup_for, [])
        if level.location.kind == Location.Kind.STORE and level.location.is_pickup_point and level.online > 0
    ]
    if pickup_ready_at and any(store.pk not in known for store in pickup_stores):
        prefetch_related_objects([s for s in pickup_stores if s.pk not in known], "opening_hours")
    all_stores = (stores if stores is not None else store_locations()) if pickup_for is not None else []
    ready_at = {}
    if pickup_ready_at:
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
class OptionChoice:
    value: str
    sku: str
    selected: bool
    exact: bool  # False: no variant has this value with the other current options, so the link changes them too
    in_stock: bool


@dataclass(frozen=True)
class OptionGroup:
    name: str
    choices: list[OptionChoice]


def variant_option_groups(
    *, variants: Sequence[Variant], selected: Variant, availability: dict[int, VariantAvailability]
) -> list[OptionGroup]:
    """One group per option (size, colour …): each value links to the variant that keeps the other choices."""
    names: list[str] = []
    for variant in variants:
        names.extend(name for name in (variant.options or {}) if name not in names)
    # PostgreSQL's jsonb does not keep key order; shoppers expect colour before size.
    names.sort(key=lambda name: (OPTION_ORDER.index(name) if name in OPTION_ORDER else len(OPTION_ORDER), name))
    if not names and len(variants) > 1:
        return [
            OptionGroup(
                name="option",
                choices=[
                    OptionChoice(
                        value=v.label,
                        sku=v.sku,
                        selected=v.pk == selected.pk,
                        exact=True,
                        in_stock=bool(availability.get(v.pk) and availability[v.pk].badge.state != StockState.OUT),
                    )
                    for v in variants
                ],
            )
        ]
    groups = []
    for name in names:
        values: list[str] = []
        for variant in variants:
            value = str((variant.options or {}).get(name, ""))
            if value and value not in values:
                values.append(value)
        if not values:
            continue
        others = {k: str(v) for k, v in (selected.options or {}).items() if k != name}
        choices = []
        for value in values:
            with_value = [v for v in variants if str((v.options or {}).get(name, "")) == value]
            exact = next(
                (v for v in with_value if all(str((v.options or {}).get(k, "")) == ov for k, ov in others.items())),
                None,
            )
            target = exact or with_value[0]
            stock = availability.get(target.pk)
            choices.append(
                OptionChoice(
                    value=value,
                    sku=target.sku,
                    selected=value == str((selected.options or {}).get(name, "")),
                    exact=exact is not None,
                    in_stock=bool(stock and stock.badge.state != StockState.OUT),
                )
            )
        groups.append(OptionGroup(name=name, choices=choices))
    return groups
