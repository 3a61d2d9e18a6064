"""The store's product finder (the clerk's tablet): the shop's own search (typos forgiven), an exact SKU or barcode
opening its variant, and each variant's stock here, in every other store, at the warehouse and online, with when it
could be ready here (`pickup.availability.variants_stock`).

The query count does not grow with the number of products shown or of stores: the search, the variants, one stock
query for all of them, and the store's opening hours."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from catalog import selectors as catalog_selectors
from catalog.models import Product, Variant
from inventory.models import Location
from pickup.availability import VariantStock, variants_stock

RESULTS = 12


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


def products_find(*, q: str, location: Location) -> Finding:
    """Products for what the clerk typed, each active variant with its stock (`pickup.availability.variants_stock`)."""
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
