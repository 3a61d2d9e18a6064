"""Row locks for stock, always taken in one order (stock levels by primary key) so that callers never deadlock.

Across apps the order is: order → stock levels (by pk) → reservations → loyalty account.
"""

from collections.abc import Iterable

from django.db import connection

from inventory.models import Location, Reservation, StockLevel, StockMovement


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


_TABLES = {model.__name__: model._meta.db_table for model in (Location, Reservation, StockLevel, StockMovement)}
# A hold's and a ledger row's columns in the model's field order, as `Model.from_db` reads them.
_TABLES |= {
    f"{m.__name__}_row": ", ".join(f.column for f in m._meta.concrete_fields) for m in (Reservation, StockMovement)
}
# Lock the levels in pk order, see the reference's holds on them; with none, every line's level there and available
# online (on hand - reserved - buffer), write holds, levels, ledger. A hold committed since the snapshot: unique key.
_HOLD = """WITH want AS (SELECT * FROM unnest(%(variants)s::bigint[], %(quantities)s::integer[]) AS w(variant_id, qty)),
lv AS MATERIALIZED (SELECT s.id, s.variant_id, s.location_id, s.on_hand, s.reserved,
    coalesce(s.online_buffer, l.default_online_buffer) AS buffer FROM {StockLevel} s JOIN {Location} l ON l.id = s.location_id
    WHERE s.location_id = %(location)s AND s.variant_id = ANY(%(variants)s::bigint[]) ORDER BY s.id FOR NO KEY UPDATE OF s),
held AS (SELECT 'held' AS origin, {Reservation_row} FROM {Reservation}
    WHERE reference = %(reference)s AND stock_level_id IN (SELECT id FROM lv)),
go AS (SELECT * FROM lv JOIN want USING (variant_id) WHERE NOT EXISTS (SELECT FROM held)
    AND (SELECT count(*) FROM lv) = cardinality(%(variants)s::bigint[])
    AND NOT EXISTS (SELECT FROM lv JOIN want USING (variant_id) WHERE on_hand - reserved - buffer < qty)),
new AS (INSERT INTO {Reservation} (stock_level_id, quantity, reference, status, created_at, expires_at)
    SELECT id, qty, %(reference)s, %(open)s, %(now)s, %(expires_at)s FROM go ORDER BY variant_id
    RETURNING 'new', {Reservation_row}),
changed AS (UPDATE {StockLevel} s SET reserved = s.reserved + go.qty, updated_at = %(now)s FROM go WHERE s.id = go.id),
moved AS (INSERT INTO {StockMovement} (stock_level_id, location_id, variant_id, kind, on_hand_delta, reserved_delta,
    on_hand_after, reserved_after, reason, reference, actor_id, created_at) SELECT id, location_id, variant_id, %(kind)s,
    0, qty, on_hand, reserved + qty, %(reason)s, %(reference)s, %(actor)s, %(now)s FROM go ORDER BY variant_id)
SELECT lv.variant_id, lv.on_hand, lv.reserved, lv.buffer, h.* FROM lv
LEFT JOIN (SELECT * FROM held UNION ALL SELECT * FROM new) h ON h.stock_level_id = lv.id""".format(**_TABLES)  # noqa: S608
# Lock the stock levels behind a reference's open holds in pk order, then those holds in pk order, re-read under the
# lock (one closed meanwhile is not matched again), close them and write the levels and their ledger rows.
_CLOSE = """WITH lv AS MATERIALIZED (SELECT s.id, s.on_hand, s.reserved,
    coalesce(s.online_buffer, l.default_online_buffer) AS buffer FROM {StockLevel} s JOIN {Location} l ON l.id = s.location_id
    WHERE s.id IN (SELECT stock_level_id FROM {Reservation} WHERE reference = %(reference)s AND status = %(open)s
        AND (%(expired_by)s::timestamptz IS NULL OR expires_at <= %(expired_by)s::timestamptz))
    AND (%(variants)s::bigint[] IS NULL OR s.variant_id = ANY(%(variants)s::bigint[]))
    AND (%(location)s::bigint IS NULL OR s.location_id = %(location)s::bigint) ORDER BY s.id FOR NO KEY UPDATE OF s),
closed AS (UPDATE {Reservation} SET status = %(status)s, closed_at = %(now)s WHERE id IN (SELECT id FROM {Reservation}
    WHERE reference = %(reference)s AND status = %(open)s AND stock_level_id = ANY(ARRAY(SELECT id FROM lv))
    AND (%(expired_by)s::timestamptz IS NULL OR expires_at <= %(expired_by)s::timestamptz) ORDER BY id FOR NO KEY UPDATE)
    RETURNING stock_level_id, quantity),
changed AS (UPDATE {StockLevel} s SET on_hand = s.on_hand - c.quantity * %(fulfil)s, reserved = s.reserved - c.quantity,
    updated_at = %(now)s FROM closed c WHERE s.id = c.stock_level_id
    RETURNING s.id, s.location_id, s.variant_id, c.quantity, s.on_hand, s.reserved),
moved AS (INSERT INTO {StockMovement} (stock_level_id, location_id, variant_id, kind, on_hand_delta, reserved_delta,
    on_hand_after, reserved_after, reason, reference, actor_id, created_at) SELECT id, location_id, variant_id, %(kind)s,
    -quantity * %(fulfil)s, -quantity, on_hand, reserved, %(reason)s, %(reference)s, %(actor)s, %(now)s FROM changed
    ORDER BY variant_id RETURNING {StockMovement_row})
SELECT lv.on_hand, lv.reserved, lv.buffer, moved.* FROM moved JOIN lv ON lv.id = moved.stock_level_id ORDER BY moved.id
""".format(**_TABLES)  # noqa: S608 — table names only; every value is a parameter


def reservations_hold(**params) -> dict[int, tuple]:
    """Hold a location's stock of some variants for a reference, all lines or none, in one statement (`_HOLD`); per
    level found, by variant: on hand, reserved and buffer as locked, then ("held", …) an earlier hold of the
    reference, ("new", …) one written now, or nothing; a hold's fields in `Reservation`'s order."""
    with connection.cursor() as cursor:
        cursor.execute(_HOLD, {"open": Reservation.Status.OPEN, "kind": StockMovement.Kind.RESERVE, **params})
        return {row[0]: row for row in cursor.fetchall()}


def reservations_close(*, variants: Iterable[int] | None = None, **params) -> list:
    """Close a reference's open holds (of `variants` at `location`, due by `expired_by`; each unless None) in one
    statement (`_CLOSE`); per ledger row written, its level's on hand, reserved and buffer before, then its fields."""
    params = {"open": Reservation.Status.OPEN, "location": None, "expired_by": None, **params}
    with connection.cursor() as cursor:
        cursor.execute(_CLOSE, {**params, "variants": None if variants is None else sorted(set(variants))})
        return cursor.fetchall()
