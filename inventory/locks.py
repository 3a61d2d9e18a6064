"""Row locks for stock, always taken in one order (stock levels by primary key) so that callers never deadlock.

Across apps the order is: order → stock levels (by pk) → reservations → loyalty account.
"""

from collections.abc import Iterable

from inventory.models import Reservation, StockLevel


def stock_levels_ensure(*, location_id: int, variant_ids: Iterable[int]) -> None:
    """Create missing (location, variant) rows before any lock is taken, so locking never has to insert.

    Rows are inserted in variant order with ON CONFLICT DO NOTHING: two callers creating the same rows wait on
    each other's unique-index entries in the same order, never in a cycle.
    """
    wanted = sorted(set(variant_ids))
    if not wanted:
        return
    existing = set(
        StockLevel.objects.filter(location_id=location_id, variant_id__in=wanted).values_list("variant_id", flat=True)
    )
    missing = [StockLevel(location_id=location_id, variant_id=vid) for vid in wanted if vid not in existing]
    if missing:
        StockLevel.objects.bulk_create(missing, ignore_conflicts=True)


def lock_stock_levels(*, location_id: int, variant_ids: Iterable[int], create: bool = False) -> dict[int, StockLevel]:
    """Lock the stock levels of some variants at one location, in primary-key order; keyed by variant id.

    The rows come with their location and variant (for the buffer and the SKU) in the same query; only the stock
    level rows are locked. Variants without a row are missing from the result unless `create` is set.
    """
    ids = sorted(set(variant_ids))
    if create:
        stock_levels_ensure(location_id=location_id, variant_ids=ids)
    rows = list(
        StockLevel.objects.select_for_update(of=("self",), no_key=True)
        .select_related("location", "variant")
        .filter(location_id=location_id, variant_id__in=ids)
        .order_by("pk")
    )
    return {row.variant_id: row for row in rows}


def lock_stock_levels_by_pk(*, pks: Iterable[int]) -> dict[int, StockLevel]:
    """Lock stock levels given their ids (e.g. those behind an order's reservations), in primary-key order."""
    rows = list(
        StockLevel.objects.select_for_update(of=("self",), no_key=True)
        .select_related("location", "variant")
        .filter(pk__in=sorted(set(pks)))
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def lock_reservations(*, reference: str, stock_level_ids: Iterable[int]) -> list[Reservation]:
    """Lock the open reservations of one reference; call after locking their stock levels."""
    return list(
        Reservation.objects.select_for_update(of=("self",), no_key=True)
        .filter(reference=reference, stock_level_id__in=list(stock_level_ids), status=Reservation.Status.OPEN)
        .order_by("pk")
    )
