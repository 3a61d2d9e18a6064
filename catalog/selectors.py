"""Reads of the catalog that pages and the API share, each built so its query count does not grow with the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import SEARCH_CONFIG, Category, Product, ProductImage, Variant
from inventory import selectors as inventory_selectors
from inventory.models import Location

MENU_CACHE_KEY = "catalog:menu:v2"
LOW_STOCK_THRESHOLD = 3
OPTION_ORDER = ["colour", "color", "size", "length", "width"]

# Storefront sort keys → ORDER BY; "relevance" only means something with a search query.
SORTS = {
    "name": ("Name", ("name", "pk")),
    "price": ("Price: low to high", ("min_price", "name", "pk")),
    "-price": ("Price: high to low", ("-min_price", "name", "pk")),
    "newest": ("Newest", ("-created_at", "-pk")),
}
SEARCH_SORTS = {"relevance": ("Best match", ("-rank", "name", "pk")), **SORTS}


def categories_for_menu() -> list[Category]:
    """Top-level active categories, cached; called lazily by templates so pages without a menu pay nothing."""
    menu = cache.get(MENU_CACHE_KEY)
    if menu is None:
        menu = list(
            Category.objects.filter(parent__isnull=True, is_active=True).only("name", "slug", "position", "description")
        )
        cache.set(MENU_CACHE_KEY, menu, 300)
    return menu


# --- Categories -------------------------------------------------------------------------------------------------


@dataclass
class CategoryTree:
    """Every active category in one query, so a page can walk parents and children without asking again."""

    by_id: dict[int, Category]
    children: dict[int | None, list[Category]] = field(default_factory=dict)

    def descendant_ids(self, category_id: int) -> list[int]:
        """The category and all its active subcategories, at any depth."""
        ids, stack = [], [category_id]
        while stack:
            current = stack.pop()
            if current in ids:
                continue
            ids.append(current)
            stack.extend(child.pk for child in self.children.get(current, []))
        return ids

    def ancestors(self, category: Category) -> list[Category]:
        """Parents from the top down, for breadcrumbs."""
        chain, parent_id = [], category.parent_id
        while parent_id is not None and parent_id in self.by_id and len(chain) < 20:
            parent = self.by_id[parent_id]
            chain.append(parent)
            parent_id = parent.parent_id
        return list(reversed(chain))


def category_tree() -> CategoryTree:
    """Load the active category tree once; small enough for a shop's menu."""
    categories = list(Category.objects.filter(is_active=True).order_by("position", "name"))
    tree = CategoryTree(by_id={c.pk: c for c in categories})
    for category in categories:
        tree.children.setdefault(category.parent_id, []).append(category)
    return tree


def category_ids_with_descendants(*, category: str | int) -> list[int]:
    """Ids of an active category (by slug or id) and its subcategories; empty when there is no such category."""
    tree = category_tree()
    match = None
    if isinstance(category, int) or str(category).isdigit():
        match = tree.by_id.get(int(category))
    if match is None:
        match = next((c for c in tree.by_id.values() if c.slug == str(category)), None)
    return tree.descendant_ids(match.pk) if match else []


# --- Product listings -------------------------------------------------------------------------------------------


def _variant_prices(order: str) -> Subquery:
    return Subquery(Variant.objects.filter(product=OuterRef("pk"), is_active=True).order_by(order).values("price")[:1])


def _active_variants() -> QuerySet[Variant]:
    return Variant.objects.filter(product=OuterRef("pk"), is_active=True)


def _variant_count() -> Subquery:
    counts = _active_variants().order_by().values("product").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts), 0)


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


def search_query(q: str) -> SearchQuery:
    """The shopper's words as PostgreSQL understands them: quotes, OR and -minus like a web search engine."""
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def _code_match(q: str) -> Q:
    """A SKU or GTIN typed into the search box: exact or prefix, any case."""
    code = q.strip()
    return Q(sku__istartswith=code) | Q(gtin__istartswith=code)


def products_search(products: QuerySet[Product], *, q: str) -> QuerySet[Product]:
    """Products whose name/description match the words, or that have a variant with that SKU/GTIN; ranked."""
    q = q.strip()
    if not q:
        return products.annotate(rank=Value(0.0, output_field=FloatField()))
    vector = SearchVector("name", "description", config=SEARCH_CONFIG)
    query = search_query(q)
    # Written as two id subqueries so PostgreSQL can use the GIN index for the words.
    text_ids = Product.objects.annotate(search=vector).filter(search=query).values("pk")
    code_variants = Variant.objects.filter(_code_match(q))
    code_match = Exists(code_variants.filter(product=OuterRef("pk")))
    return products.filter(Q(pk__in=text_ids) | Q(pk__in=code_variants.values("product_id"))).annotate(
        rank=SearchRank(vector, query) + Case(When(code_match, then=Value(1.0)), default=Value(0.0)),
    )


def _images() -> QuerySet[ProductImage]:
    """Pictures in display order, leaving out rows that have neither a file nor an address."""
    return ProductImage.objects.exclude(image="", url="").order_by("position", "pk")


def products_for_listing(
    *,
    category_ids: Sequence[int] | None = None,
    q: str | None = None,
    in_stock_at: int | None = None,
    available_online: bool = False,
    include_inactive: bool = False,
    sellable_only: bool = True,
    sort: str | None = None,
) -> QuerySet[Product]:
    """Products for a card grid or the API list: price range and stock flags annotated, first image prefetched."""
    products = Product.objects.all()
    if not include_inactive:
        products = products.filter(is_active=True)
    if category_ids is not None:
        products = products.filter(category_id__in=category_ids)
    products = products.annotate(
        min_price=_variant_prices("price"),
        max_price=_variant_prices("-price"),
        variant_count=_variant_count(),
        first_variant_id=Subquery(_active_variants().order_by("position", "sku").values("pk")[:1]),
    )
    if sellable_only:
        products = products.filter(min_price__isnull=False)
    if in_stock_at is not None:
        products = products.filter(_has_stock(location_id=in_stock_at))
    if available_online:
        products = products_available_online(products)
    sorts = SORTS
    if q is not None:
        products = products_search(products, q=q)
        sorts = SEARCH_SORTS
    if sort in sorts:
        products = products.order_by(*sorts[sort][1])
    return products.select_related("category").prefetch_related(Prefetch("images", queryset=_images()))


def products_newest(*, limit: int = 8) -> list[Product]:
    """The newest sellable products for the home page."""
    return products_with_stock_flags(products_for_listing(sort="newest")[:limit])


def store_locations() -> list[Location]:
    """Active stores a shopper can filter by."""
    return list(Location.objects.filter(is_active=True, kind=Location.Kind.STORE).order_by("name"))


# --- Product page -----------------------------------------------------------------------------------------------


def product_for_page(*, slug: str, include_inactive: bool = False) -> Product:
    """One product with its active variants, images and active related products; raises Product.DoesNotExist."""
    products = Product.objects.select_related("category")
    if not include_inactive:
        products = products.filter(is_active=True)
    related = products_for_listing()
    return products.prefetch_related(
        Prefetch("variants", queryset=Variant.objects.filter(is_active=True).order_by("position", "sku")),
        Prefetch("images", queryset=_images()),
        Prefetch("related", queryset=related, to_attr="related_active"),
    ).get(slug=slug)


@dataclass(frozen=True)
class StoreStock:
    """What one store can offer of one variant, ready for display."""

    location: Location
    in_store: int
    online: int
    pickup_at: dt.datetime | None = None
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def status(self) -> str:
        if self.in_store <= 0:
            return "out"
        return "low" if self.in_store <= LOW_STOCK_THRESHOLD else "in"

    @property
    def label(self) -> str:
        return {"out": "Out of stock", "low": f"Only {self.in_store} left", "in": "In stock"}[self.status]

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

    @property
    def available_online(self) -> bool:
        return self.online_total > 0

    @property
    def status(self) -> str:
        if self.total <= 0:
            return "out"
        return "low" if self.total <= LOW_STOCK_THRESHOLD else "in"

    @property
    def label(self) -> str:
        return {"out": "Out of stock", "low": f"Only {self.total} left", "in": "In stock"}[self.status]


def variants_availability(
    *, variant_ids: Iterable[int], now: dt.datetime | None = None, pickup_for: int | None = None
) -> dict[int, VariantAvailability]:
    """Availability of each variant in one stock query; pickup times (one more query) only for `pickup_for`."""
    variant_ids = list(variant_ids)
    rows = inventory_selectors.availability_by_variant(variant_ids=variant_ids) if variant_ids else {}
    # Guarded: the pickup promise comes from inventory and the page must still work without it.
    pickup_ready_at = getattr(inventory_selectors, "pickup_ready_at", None)
    now = now or timezone.now()
    pickup_stores = [
        level.location
        for level in rows.get(pickup_for, [])
        if level.location.kind == Location.Kind.STORE and level.location.is_pickup_point and level.online > 0
    ]
    if pickup_ready_at and pickup_stores:
        prefetch_related_objects(pickup_stores, "opening_hours")
    result = {}
    for variant_id in variant_ids:
        levels = rows.get(variant_id, [])
        stores = []
        for level in levels:
            if level.location.kind != Location.Kind.STORE or level.in_store <= 0:
                continue
            pickup_at = None
            if pickup_ready_at and variant_id == pickup_for and level.location in pickup_stores:
                pickup_at = pickup_ready_at(location=level.location, now=now)
            stores.append(
                StoreStock(
                    location=level.location, in_store=level.in_store, online=level.online, pickup_at=pickup_at, now=now
                )
            )
        result[variant_id] = VariantAvailability(
            stores=stores,
            total=sum(level.in_store for level in levels),
            online_total=sum(level.online for level in levels),
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
                        in_stock=bool(availability.get(v.pk) and availability[v.pk].status != "out"),
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
                    in_stock=bool(stock and stock.status != "out"),
                )
            )
        groups.append(OptionGroup(name=name, choices=choices))
    return groups
