"""Scale stock: ten locations, a level per variant at each, and a ledger per level that adds up to it."""

from django.db import DatabaseError, connection, transaction

from demo.scale.base import LOCATIONS, SKU_PREFIX
from inventory.models import Location, OpeningHours

MOVEMENTS_PER_LEVEL = 10
LEVELS_PER_CHUNK = 10_000
# Scale stores and the warehouse, added only until there are LOCATIONS active locations.
CITIES = [
    ("Oslo Storo", "store"), ("Bergen", "store"), ("Trondheim", "store"), ("Stavanger", "store"),
    ("Kristiansand", "store"), ("Tromsø", "store"), ("Drammen", "store"), ("Bodø", "store"),
    ("Ålesund", "store"), ("Gardermoen", "warehouse"),
]  # fmt: skip


@transaction.atomic
def locations_ensure() -> list[Location]:
    """At least ten active locations: the demo's own, topped up with scale stores (and their opening hours)."""
    existing = list(Location.objects.filter(is_active=True).order_by("pk"))
    for index, (city, kind) in enumerate(CITIES, start=1):
        if len(existing) >= LOCATIONS:
            break
        code = f"SC{index:02d}"
        location, created = Location.objects.get_or_create(
            code=code,
            defaults={
                "name": f"Omnistore {city}" if kind == "store" else f"Warehouse {city}",
                "kind": kind,
                "city": city,
                "is_pickup_point": kind == "store",
                "default_online_buffer": 1 if kind == "store" else 0,
            },
        )
        if created:
            OpeningHours.objects.bulk_create(
                [
                    OpeningHours(location=location, weekday=day, opens="10:00", closes="20:00" if day < 5 else "18:00")
                    for day in range(6)
                ]
            )
            existing.append(location)
    return existing[:LOCATIONS]


def location_params(locations: list[Location]) -> tuple[list[int], list[bool]]:
    return [loc.pk for loc in locations], [loc.kind == Location.Kind.WAREHOUSE for loc in locations]


def stock_levels_seed(*, locations: list[Location], bar) -> None:
    """One level per scale variant and location: mostly stocked, ~8% sold out, the warehouse deep."""
    ids, warehouse = location_params(locations)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM catalog_variant v CROSS JOIN unnest(%s::bigint[]) l(id) "
            "WHERE v.sku LIKE %s AND NOT EXISTS "
            "(SELECT 1 FROM inventory_stocklevel sl WHERE sl.variant_id = v.id AND sl.location_id = l.id)",
            [ids, SKU_PREFIX + "%"],
        )
        missing = cursor.fetchone()[0]
        with bar("stock levels", missing) as progress:
            if missing:
                cursor.execute(
                    """
                    INSERT INTO inventory_stocklevel
                        (location_id, variant_id, on_hand, reserved, online_buffer, reorder_point, reorder_quantity,
                         updated_at)
                    SELECT l.id, v.id,
                           CASE WHEN (vi * 31 + l.n * 17) %% 13 = 0 THEN 0
                                WHEN l.wh THEN 40 + (vi * 7919 + l.n * 104729) %% 160
                                ELSE (vi * 7919 + l.n * 104729) %% 25 END,
                           0, NULL,
                           CASE WHEN l.wh THEN 20 ELSE 3 END,
                           CASE WHEN l.wh THEN 100 ELSE 12 END,
                           now()
                    FROM (SELECT id, substring(sku from 3)::int AS vi FROM catalog_variant WHERE sku LIKE %s) v
                    CROSS JOIN unnest(%s::bigint[], %s::bool[]) WITH ORDINALITY AS l(id, wh, n)
                    ON CONFLICT (location_id, variant_id) DO NOTHING
                    """,
                    [SKU_PREFIX + "%", ids, warehouse],
                )
                progress.update(cursor.rowcount)


def movements_seed(*, locations: list[Location], per_level: int, bar) -> None:
    """A ledger per level that adds up to its on_hand: one receipt, then sales with the odd return.

    A return (+1) is always followed by a sale of at least one unit, so every running total stays ≥ on_hand ≥ 0.
    """
    ids, _ = location_params(locations)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sl.id FROM inventory_stocklevel sl JOIN catalog_variant v ON v.id = sl.variant_id "
            "WHERE v.sku LIKE %s AND NOT EXISTS (SELECT 1 FROM inventory_stockmovement m WHERE m.stock_level_id = sl.id) "
            "ORDER BY sl.id",
            [SKU_PREFIX + "%"],
        )
        level_ids = [row[0] for row in cursor.fetchall()]
    with bar("movements", len(level_ids) * per_level) as progress:
        for start in range(0, len(level_ids), LEVELS_PER_CHUNK):
            chunk = level_ids[start : start + LEVELS_PER_CHUNK]
            with transaction.atomic(), connection.cursor() as cursor:
                skipped_checks = _skip_fk_checks(cursor)
                cursor.execute(
                    """
                    WITH lv AS (
                        SELECT sl.id, sl.location_id, sl.variant_id, sl.on_hand,
                               substring(v.sku from 3)::int AS vi, coalesce(l.n, 0) AS li
                        FROM inventory_stocklevel sl
                        JOIN catalog_variant v ON v.id = sl.variant_id
                        LEFT JOIN unnest(%(locations)s::bigint[]) WITH ORDINALITY AS l(id, n) ON l.id = sl.location_id
                        WHERE sl.id = ANY(%(levels)s)
                    ),
                    later AS (
                        SELECT lv.*, j,
                               CASE WHEN j %% 4 = 0 AND j < %(k)s THEN 1 ELSE -(1 + (vi + li + j) %% 3) END AS delta
                        FROM lv CROSS JOIN generate_series(2, %(k)s) AS j
                    ),
                    sold AS (SELECT id, sum(delta) AS net FROM later GROUP BY id),
                    moves AS (
                        SELECT lv.id, location_id, variant_id, vi, li, 1 AS j, on_hand - sold.net AS delta
                        FROM lv JOIN sold ON sold.id = lv.id
                        UNION ALL
                        SELECT id, location_id, variant_id, vi, li, j, delta FROM later
                    )
                    INSERT INTO inventory_stockmovement
                        (stock_level_id, location_id, variant_id, kind, on_hand_delta, reserved_delta,
                         on_hand_after, reserved_after, reason, reference, actor_id, created_at)
                    SELECT id, location_id, variant_id,
                           CASE WHEN j = 1 THEN 'receive' WHEN delta > 0 THEN 'return' ELSE 'sale' END,
                           delta, 0,
                           sum(delta) OVER (PARTITION BY id ORDER BY j), 0,
                           CASE WHEN j = 1 THEN 'Opening stock (scale seed)' ELSE '' END,
                           CASE WHEN j = 1 THEN '' ELSE 'scale:' || vi || ':' || j END,
                           NULL,
                           now() - (%(k)s - j) * interval '9 days' - ((vi * 13 + li * 7) %% 600) * interval '1 minute'
                    FROM moves
                    """,
                    {"locations": ids, "levels": chunk, "k": per_level},
                )
                progress.update(cursor.rowcount)
                if skipped_checks:
                    cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def _skip_fk_checks(cursor) -> bool:
    """Skip the per-row foreign-key triggers for this transaction when the role may (a superuser, as in dev).

    The ledger rows take their keys from a join against the very rows they point at, so the checks cannot
    fail; they would cost three index probes and a row lock per movement, most of the phase's time.
    Roles without the privilege simply keep the checks. Callers switch them back on right after the insert.
    """
    cursor.execute("SET LOCAL work_mem = '64MB'")  # the running-total sort stays in memory
    try:
        with transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True
