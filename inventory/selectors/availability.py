"""What each location can offer of a variant, and which products have stock: one query per page."""

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from catalog.models import Variant
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
    """For each variant, its availability at every active location that stocks it, in one query.

    Read as plain rows, each location built once per call: the channel feeds ask this for a thousand variants at ten
    locations at a time, and a model instance per stock level and per location cost most of their time.
    """
    names = [field.attname for field in Location._meta.concrete_fields]
    pk_at = names.index(Location._meta.pk.attname)
    rows = (
        StockLevel.objects.filter(variant_id__in=list(variant_ids), location__is_active=True)
        .order_by("location__kind", "location__name")
        .values_list("variant_id", "on_hand", "reserved", "online_buffer", *(f"location__{name}" for name in names))
    )
    locations: dict[int, Location] = {}
    result: dict[int, list[LocationAvailability]] = defaultdict(list)
    for variant_id, on_hand, reserved, online_buffer, *values in rows:
        location = locations.get(values[pk_at])
        if location is None:
            location = locations[values[pk_at]] = Location.from_db(rows.db, names, values)
        buffer = online_buffer if online_buffer is not None else location.default_online_buffer
        result[variant_id].append(
            LocationAvailability(location=location, on_hand=on_hand, reserved=reserved, buffer=buffer)
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
    in_store = stock_levels_with_stock().filter(variant_id=OuterRef("pk"))
    online = stock_levels_with_stock(online=True).filter(variant_id=OuterRef("pk"))
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
