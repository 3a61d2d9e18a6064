"""The catalog with stock, as every sales channel sells it (the web shop, the app, tills, marketplaces, the
product feeds): listings narrowed to what a store or the web can hand over now, and stock flags for a page of
products. The catalog knows nothing of stock; this puts the two together once for all of them."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from catalog import selectors as catalog_selectors
from catalog.models import Product, Variant
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
    flags = stock_flags_by_product(product_ids=[p.pk for p in products])
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
    in_store = inventory_selectors.stock_levels_with_stock().filter(variant_id=OuterRef("pk"))
    online = inventory_selectors.stock_levels_with_stock(online=True).filter(variant_id=OuterRef("pk"))
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
