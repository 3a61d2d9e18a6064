"""Row locks for stock, always taken in one order (stock levels by primary key) so that callers never deadlock.

Across apps the order is: order → stock levels (by pk) → reservations → loyalty account.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

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


def lock_stock_levels_holding(*, reservations: QuerySet[Reservation]) -> dict[int, StockLevel]:
    """Lock the stock levels behind some reservations, in primary-key order, picked and locked in one statement.

    The reservations are read as the statement began (a later one is not waited for): re-read the ones to change
    under the locks (`reservations_close`)."""
    rows = list(
        StockLevel.objects.select_for_update(of=("self",), no_key=True)
        .select_related("location", "variant")
        .filter(pk__in=reservations.values("stock_level_id"))
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def reservations_close(
    *, reference: str, stock_level_ids: Iterable[int], status: str, closed_at: datetime, expired_by: datetime | None
) -> list[Reservation]:
    """Close a reference's open reservations on locked stock levels: locked in primary-key order, re-read under the
    lock (one closed meanwhile by another release is not matched again) and changed, in one statement."""
    table = Reservation._meta.db_table
    expiry = "AND expires_at <= %s" if expired_by is not None else ""
    sql = f"""
        UPDATE {table} SET status = %s, closed_at = %s
        WHERE id IN (
            SELECT id FROM {table}
            WHERE reference = %s AND status = %s AND stock_level_id = ANY(%s) {expiry}
            ORDER BY id FOR NO KEY UPDATE
        )
        RETURNING id, stock_level_id, quantity
    """  # noqa: S608 — only the table name and a fixed clause are formatted in; every value is a parameter
    params = [status, closed_at, reference, Reservation.Status.OPEN, sorted(set(stock_level_ids))]
    if expired_by is not None:
        params.append(expired_by)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Reservation(
            pk=pk, stock_level_id=level_id, quantity=quantity, reference=reference, status=status, closed_at=closed_at
        )
        for pk, level_id, quantity in sorted(rows)
    ]
