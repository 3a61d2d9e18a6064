"""The catalog with stock, as every sales channel sells it (the web shop, the app, tills, marketplaces, the
product feeds): listings narrowed to what a store or the web can hand over now, and stock flags for a page of
products. The catalog knows nothing of stock; this puts the two together once for all of them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from catalog import selectors as catalog_selectors
from catalog.models import Product
from inventory import selectors as inventory_selectors


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
