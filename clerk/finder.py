"""The clerk's product finder: the shop's own search (typos forgiven), an exact SKU or barcode opening its variant, and
each variant's stock here, in every other store, at the warehouse and online, with when it could be ready here.

The query count does not grow with the number of products shown or of stores: the search, the variants, one stock
query for all of them, and the store's opening hours."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from catalog import selectors as catalog_selectors
from catalog.models import Product, Variant
from inventory.models import Location, OpeningHours
from inventory.selectors import LocationAvailability, availability_by_variant, pickup_ready_at

RESULTS = 12


@dataclass(frozen=True)
class VariantStock:
    """One variant as the clerk sees it: what is on the shelf here, elsewhere, and when it could be here."""

    variant: Variant
    here: int
    others: list[LocationAvailability]
    warehouse: int
    online: int
    ready_at: datetime | None
    ship_to_store: bool

    @property
    def in_stock_here(self) -> bool:
        return self.here > 0


@dataclass(frozen=True)
class ProductFound:
    product: Product
    variants: list[VariantStock]


@dataclass
class Finding:
    """What a search found: products with their variants' stock, and the words searched for when they were
    corrected ("rian jakcet" → "rain jacket")."""

    products: list[ProductFound] = field(default_factory=list)
    suggestion: str = ""
    similar: bool = False


def _variants() -> Prefetch:
    return Prefetch("variants", queryset=Variant.objects.filter(is_active=True).order_by("position", "sku"))


def _search(q: str) -> tuple[list[Product], str, bool]:
    """The shop's search: the words, else the words as the shop spells them, else names with similar words."""
    found = list(catalog_selectors.products_for_listing(q=q, sort="relevance").prefetch_related(_variants())[:RESULTS])
    if found:
        return found, "", False
    suggestion = catalog_selectors.search_suggestion(q=q)
    if suggestion:
        found = list(
            catalog_selectors.products_for_listing(q=suggestion, sort="relevance").prefetch_related(_variants())[
                :RESULTS
            ]
        )
        if found:
            return found, suggestion, False
    ids = catalog_selectors.product_ids_similar_to(q=suggestion or q, limit=RESULTS)
    if not ids:
        return [], suggestion, False
    products = catalog_selectors.products_for_listing(product_ids=ids).prefetch_related(_variants()).in_bulk(ids)
    return [products[pk] for pk in ids if pk in products], suggestion, True


def store_with_hours(*, location: Location) -> Location:
    """The clerk's store with its opening hours, for ready times (two queries, once per page)."""
    return Location.objects.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday"))
    ).get(pk=location.pk)


def variants_stock(*, variants: list[Variant], location: Location, now: datetime | None = None) -> list[VariantStock]:
    """Each variant's stock here, at every other store, the warehouse and online, and when an order of it to this
    store would be ready (from this store's stock, else shipped from the warehouse); one stock query."""
    now = now or timezone.now()
    store = store_with_hours(location=location)
    ready_here = pickup_ready_at(location=store, now=now)
    ready_shipped = pickup_ready_at(location=store, now=now + timedelta(days=settings.SHIP_TO_STORE_DAYS))
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


def products_find(*, q: str, location: Location) -> Finding:
    """Products for what the clerk typed, each active variant with its stock (see `variants_stock`)."""
    products, suggestion, similar = _search(q)
    variants = [variant for product in products for variant in product.variants.all()]
    stock = {row.variant.pk: row for row in variants_stock(variants=variants, location=location)}
    return Finding(
        products=[
            ProductFound(product=product, variants=[stock[v.pk] for v in product.variants.all()])
            for product in products
        ],
        suggestion=suggestion,
        similar=similar,
    )


def variant_exact(*, code: str) -> Variant | None:
    """A SKU or GTIN typed or scanned exactly (the search box is also a scanner's)."""
    return catalog_selectors.variant_by_code(code=code)
