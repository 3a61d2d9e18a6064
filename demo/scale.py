"""Large deterministic data for benchmarks (`manage.py seed_demo --scale N`), written with PostgreSQL bulk paths.

At scale 1: 10,000 variants (2,500 products) stocked at 10 locations (100,000 stock levels), a ledger of
1,000,000 stock movements that adds up to every level, 100,000 customers and 10,000 orders. Every phase
tops up from what is already there, so running it again is cheap and a larger scale only adds the rest.
Rows carry markers (SKU `S-…`, product slug `s-…`, email `@scale.example.net`, order `SC-…`) that keep
them apart from the hand-made demo data.
"""

import math
import time
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import DatabaseError, connection, transaction
from django.utils.text import slugify
from tqdm import tqdm

from catalog.models import Category
from catalog.services import products_listing_refresh
from inventory.models import Location, OpeningHours

SKU_PREFIX = "S-"
PRODUCT_SLUG_PREFIX = "s-"
EMAIL_DOMAIN = "scale.example.net"
ORDER_PREFIX = "SC-"
CARD_PREFIX = "8"

VARIANTS_PER_SCALE = 10_000
CUSTOMERS_PER_SCALE = 100_000
ORDERS_PER_SCALE = 10_000
LOCATIONS = 10
VARIANTS_PER_PRODUCT = 4
MOVEMENTS_PER_LEVEL = 10
LEVELS_PER_CHUNK = 10_000

CATEGORIES = {
    "Outdoor": ["Jacket", "Rain Shell", "Trekking Pole", "Backpack", "Tent", "Sleeping Bag"],
    "Knitwear": ["Sweater", "Cardigan", "Beanie", "Scarf", "Mittens", "Socks"],
    "Footwear": ["Hiking Boot", "Sneaker", "Rubber Boot", "Slipper", "Sandal", "Winter Boot"],
    "Kitchen": ["Coffee Press", "Frying Pan", "Knife", "Cutting Board", "Kettle", "Mug"],
    "Home": ["Wool Blanket", "Cushion", "Candle Holder", "Lamp", "Rug", "Throw"],
    "Tools": ["Axe", "Saw", "Headlamp", "Multitool", "Work Glove", "Toolbox"],
}
ADJECTIVES = [
    "Fjord", "Nordlys", "Vinter", "Fjell", "Skog", "Havbris", "Midnatt", "Polar", "Granitt", "Bjørk",
    "Lofoten", "Tinde", "Elv", "Stille", "Varde", "Nordkapp", "Sommer", "Klar", "Rype", "Ulv",
]  # fmt: skip
SIZES = ["S", "M", "L", "XL"]
COLOURS = ["Black", "Navy", "Forest", "Sand", "Red", "Grey"]
CITIES = [
    ("Oslo Storo", "store"), ("Bergen", "store"), ("Trondheim", "store"), ("Stavanger", "store"),
    ("Kristiansand", "store"), ("Tromsø", "store"), ("Drammen", "store"), ("Bodø", "store"),
    ("Ålesund", "store"), ("Gardermoen", "warehouse"),
]  # fmt: skip
FIRST_NAMES = [
    "Kari", "Ola", "Ingrid", "Lars", "Sofie", "Jonas", "Nora", "Emil", "Emma", "Henrik", "Ida", "Magnus",
    "Maja", "Sander", "Thea", "Kristian", "Sara", "Andreas", "Hanna", "Martin", "Ingeborg", "Jakob",
    "Astrid", "Sindre", "Solveig", "Håkon", "Marte", "Øystein", "Silje", "Bjørn", "Tone", "Eirik", "Live",
    "Torbjørn", "Helene", "Mats", "Julie", "Petter", "Ane", "Knut",
]  # fmt: skip
LAST_NAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen",
    "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
    "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde",
    "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge",
    "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen",
    "Ødegård", "Hovland", "Bråten", "Sandvik", "Tangen", "Aasen",
]  # fmt: skip
CHANNELS = ["store"] * 10 + ["web"] * 7 + ["app"] * 2 + ["marketplace"]
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def scale_targets(
    *, scale: float, variants: int | None = None, customers: int | None = None, orders: int | None = None
) -> dict[str, int]:
    """Row counts for a scale; the overrides let a test ask for a tiny data set."""
    n_variants = variants if variants is not None else round(VARIANTS_PER_SCALE * scale)
    return {
        "variants": n_variants,
        "products": math.ceil(n_variants / VARIANTS_PER_PRODUCT),
        "customers": customers if customers is not None else round(CUSTOMERS_PER_SCALE * scale),
        "orders": orders if orders is not None else round(ORDERS_PER_SCALE * scale),
    }


def seed_scale(
    *,
    scale: float,
    stdout,
    variants: int | None = None,
    customers: int | None = None,
    orders: int | None = None,
    movements_per_level: int = MOVEMENTS_PER_LEVEL,
    progress: bool = True,
) -> dict[str, int]:
    """Top the database up to `scale` × (10,000 variants × 10 locations, 1M movements, 100,000 customers)."""
    if movements_per_level < 2:
        raise ValueError("movements_per_level must be at least 2 (a receipt and one sale).")
    targets = scale_targets(scale=scale, variants=variants, customers=customers, orders=orders)
    started = time.monotonic()
    stdout.write(
        f"Scale data: {targets['variants']:,} variants × {LOCATIONS} locations, "
        f"{targets['variants'] * LOCATIONS * movements_per_level:,} movements, "
        f"{targets['customers']:,} customers, {targets['orders']:,} orders\n"
    )
    bar = _progress_factory(progress)
    timings: dict[str, float] = {}

    def timed(name, fn, **kwargs):
        phase_started = time.monotonic()
        result = fn(**kwargs)
        timings[name] = time.monotonic() - phase_started
        return result

    locations = timed("locations", _ensure_locations)
    timed("catalog", _seed_catalog, targets=targets, bar=bar)
    timed("listing columns", products_listing_refresh, product_ids=None)
    _analyze(["catalog_product", "catalog_variant"])
    timed("stock levels", _seed_stock_levels, locations=locations, bar=bar)
    _analyze(["inventory_stocklevel"])
    timed("movements", _seed_movements, locations=locations, per_level=movements_per_level, bar=bar)
    timed("customers", _seed_customers, total=targets["customers"], locations=locations, bar=bar)
    _analyze(["customers_customer"])
    timed(
        "orders",
        _seed_orders,
        total=targets["orders"],
        n_variants=targets["variants"],
        n_customers=targets["customers"],
        bar=bar,
    )
    timed("wishlists", _seed_wishlists, n_variants=targets["variants"], bar=bar)
    timed("analyze", _analyze)
    counts = scale_counts()
    stdout.write(
        f"Scale data ready in {time.monotonic() - started:.1f}s: "
        + ", ".join(f"{name} {value:,}" for name, value in counts.items())
        + "\n  phases: "
        + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in timings.items())
        + "\n"
    )
    return counts


_TABLES = [
    "catalog_category",
    "catalog_product",
    "catalog_variant",
    "inventory_location",
    "inventory_stocklevel",
    "inventory_stockmovement",
    "customers_customer",
    "customers_wishlistitem",
    "orders_order",
    "orders_orderline",
]


def _analyze(tables: Sequence[str] = tuple(_TABLES)) -> None:
    """Fresh statistics, so the planner sees 100,000 customers and not the empty tables of a minute ago.

    Run between phases too: a join against a just-filled, never-analysed table gets a nested-loop plan
    that turns seconds into minutes.
    """
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def scale_counts() -> dict[str, int]:
    """How many scale rows exist now (by their markers)."""
    queries = {
        "variants": ("SELECT count(*) FROM catalog_variant WHERE sku LIKE %s", [SKU_PREFIX + "%"]),
        "stock levels": (
            "SELECT count(*) FROM inventory_stocklevel sl JOIN catalog_variant v ON v.id = sl.variant_id "
            "WHERE v.sku LIKE %s",
            [SKU_PREFIX + "%"],
        ),
        "movements": (
            "SELECT count(*) FROM inventory_stockmovement m JOIN catalog_variant v ON v.id = m.variant_id "
            "WHERE v.sku LIKE %s",
            [SKU_PREFIX + "%"],
        ),
        "customers": ("SELECT count(*) FROM customers_customer WHERE email LIKE %s", ["%@" + EMAIL_DOMAIN]),
        "orders": ("SELECT count(*) FROM orders_order WHERE number LIKE %s", [ORDER_PREFIX + "%"]),
    }
    result = {}
    with connection.cursor() as cursor:
        for name, (sql, params) in queries.items():
            cursor.execute(sql, params)
            result[name] = cursor.fetchone()[0]
    return result


def _progress_factory(enabled: bool):
    def bar(desc: str, total: int):
        return tqdm(total=total, desc=f"  {desc:<13}", unit=" rows", unit_scale=True, disable=not enabled or not total)

    return bar


def _scalar(sql: str, params: Sequence = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _copy_insert(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    extra: dict[str, str] | None = None,
    conflict: str = "",
) -> int:
    """COPY rows into a scratch table, then INSERT … SELECT into `table` (so ON CONFLICT can skip clashes).

    `extra` maps further columns to SQL expressions (e.g. timestamps, which Django, not the database, defaults).
    """
    extra = extra or {}
    cols = ", ".join(columns)
    target = ", ".join([*columns, *extra])
    values = ", ".join([*columns, *extra.values()])
    # Table and column names are this module's constants, never input; the rows travel through COPY.
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE _scale_rows ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA")  # noqa: S608
        with cursor.cursor.copy(f"COPY _scale_rows ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({target}) SELECT {values} FROM _scale_rows {conflict}")  # noqa: S608
        inserted = cursor.rowcount
        cursor.execute("DROP TABLE _scale_rows")
    return inserted


@transaction.atomic
def _ensure_locations() -> list[Location]:
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


def _product_rows(start: int, stop: int, categories: list[Category]):
    names = list(CATEGORIES.items())
    for n in range(start, stop):
        category_name, nouns = names[n % len(names)]
        noun = nouns[(n // len(names)) % len(nouns)]
        adjective = ADJECTIVES[(n * 7 + n // 97) % len(ADJECTIVES)]
        name = f"{adjective} {noun} {n + 1:05d}"
        description = (
            f"The {adjective} {noun.lower()} from our {category_name.lower()} range: "
            f"made to last, tested in Norwegian weather, model {n + 1}."
        )
        yield (name, f"{PRODUCT_SLUG_PREFIX}{n + 1:06d}-{slugify(name)}", description, categories[n % len(names)].pk)


def _seed_catalog(*, targets: dict[str, int], bar) -> None:
    n_products, n_variants = targets["products"], targets["variants"]
    with transaction.atomic():
        categories = []
        for position, name in enumerate(CATEGORIES):
            category, _ = Category.objects.get_or_create(
                slug=f"scale-{slugify(name)}", defaults={"name": f"{name} (large range)", "position": 100 + position}
            )
            categories.append(category)
        have = _scalar("SELECT count(*) FROM catalog_product WHERE slug LIKE %s", [PRODUCT_SLUG_PREFIX + "%"])
        with bar("products", max(n_products - have, 0)) as progress:
            if n_products > have:
                rows = [(*row, True) for row in _product_rows(have, n_products, categories)]
                _copy_insert(
                    "catalog_product",
                    ["name", "slug", "description", "category_id", "is_active"],
                    rows,
                    extra={"created_at": "now()", "updated_at": "now()"},
                    conflict="ON CONFLICT (slug) DO NOTHING",
                )
                progress.update(len(rows))

    with transaction.atomic():
        have = _scalar("SELECT count(*) FROM catalog_variant WHERE sku LIKE %s", [SKU_PREFIX + "%"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT substring(slug from 3 for 6)::int, id FROM catalog_product WHERE slug LIKE %s",
                [PRODUCT_SLUG_PREFIX + "%"],
            )
            product_ids = dict(cursor.fetchall())
        with bar("variants", max(n_variants - have, 0)) as progress:
            if n_variants > have:
                rows = []
                for i in range(have, n_variants):
                    product_no, position = i // VARIANTS_PER_PRODUCT + 1, i % VARIANTS_PER_PRODUCT
                    options = f'{{"size": "{SIZES[position]}", "colour": "{COLOURS[product_no % len(COLOURS)]}"}}'
                    price = Decimal(99 + (product_no * 37) % 40 * 50) + Decimal("0.90") + position * 20
                    rows.append((product_ids[product_no], f"{SKU_PREFIX}{i + 1:07d}", options, price, True, position))
                progress.update(len(rows))
                _copy_insert(
                    "catalog_variant",
                    ["product_id", "sku", "options", "price", "is_active", "position"],
                    rows,
                    conflict="ON CONFLICT (sku) DO NOTHING",
                )


def _location_params(locations: list[Location]) -> tuple[list[int], list[bool]]:
    return [loc.pk for loc in locations], [loc.kind == Location.Kind.WAREHOUSE for loc in locations]


def _seed_stock_levels(*, locations: list[Location], bar) -> None:
    """One level per scale variant and location: mostly stocked, ~8% sold out, the warehouse deep."""
    ids, warehouse = _location_params(locations)
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


def _seed_movements(*, locations: list[Location], per_level: int, bar) -> None:
    """A ledger per level that adds up to its on_hand: one receipt, then sales with the odd return.

    A return (+1) is always followed by a sale of at least one unit, so every running total stays ≥ on_hand ≥ 0.
    """
    ids, _ = _location_params(locations)
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


def _customer_rows(start: int, stop: int, stores: list[int]):
    for n in range(start, stop):
        first = FIRST_NAMES[(n * 7 + n // 1000) % len(FIRST_NAMES)]
        last = LAST_NAMES[(n * 13 + n // len(FIRST_NAMES)) % len(LAST_NAMES)]
        email = f"{first}.{last}.{n + 1}@{EMAIL_DOMAIN}".translate(_ASCII).casefold()
        # 7919 is prime to 10^7, so n → n·7919 mod 10^7 is one-to-one: unique mobile numbers +47 9xx xx xxx.
        phone = None if n % 10 == 4 else f"+479{(n * 7919 + 1_234_567) % 10_000_000:07d}"
        card = f"{CARD_PREFIX}{n + 1:011d}"
        channel = CHANNELS[(n * 3) % len(CHANNELS)]
        consent = n % 3 == 0
        yield (email, phone, card, first, last, consent, channel, stores[n % len(stores)], n % 1000, n % 1440)


def _seed_customers(*, total: int, locations: list[Location], bar) -> None:
    """Customers with unique case-folded emails, E.164 phones and card numbers; names from short lists."""
    stores = [loc.pk for loc in locations if loc.kind == Location.Kind.STORE] or [locations[0].pk]
    with transaction.atomic():
        have = _scalar("SELECT count(*) FROM customers_customer WHERE email LIKE %s", ["%@" + EMAIL_DOMAIN])
        with bar("customers", max(total - have, 0)) as progress, connection.cursor() as cursor:
            if total <= have:
                return
            cursor.execute(
                "CREATE TEMP TABLE _scale_customers (email text, phone text, card text, first text, last text, "
                "consent bool, channel text, store bigint, age_days int, minute int) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY _scale_customers FROM STDIN") as copy:
                for row in _customer_rows(have, total, stores):
                    copy.write_row(row)
                    progress.update(1)
            cursor.execute(
                """
                INSERT INTO customers_customer
                    (email, phone, card_number, first_name, last_name, marketing_consent, marketing_consent_at,
                     home_store_id, created_channel, created_at)
                SELECT email, phone, card, first, last, consent,
                       CASE WHEN consent THEN now() - age_days * interval '1 day' END,
                       store, channel, now() - age_days * interval '1 day' - minute * interval '1 minute'
                FROM _scale_customers
                ON CONFLICT DO NOTHING
                """
            )
            cursor.execute("DROP TABLE _scale_customers")


def _seed_orders(*, total: int, n_variants: int, n_customers: int, bar) -> None:
    """Completed orders from every channel, 1–3 lines each, totals summed from the lines."""
    have = _scalar("SELECT count(*) FROM orders_order WHERE number LIKE %s", [ORDER_PREFIX + "%"])
    if total <= have or not n_variants or not n_customers:
        with bar("orders", 0):
            return
    with transaction.atomic(), bar("orders", total - have) as progress, connection.cursor() as cursor:
        cursor.execute(
            """
            WITH src AS (
                SELECT n,
                       (ARRAY['store','store','store','web','web','app','marketplace','social'])[1 + n %% 8] AS channel
                FROM generate_series(%(start)s, %(stop)s - 1) AS n
            ),
            stores AS (
                SELECT array_agg(id ORDER BY id) AS ids FROM inventory_location WHERE kind = 'store' AND is_active
            )
            INSERT INTO orders_order
                (number, customer_id, email, channel, fulfilment, status, location_id, external_id, currency,
                 subtotal, discount_total, total, placed_at, completed_at)
            SELECT %(prefix)s || lpad((n + 1)::text, 7, '0'), c.id, c.email, src.channel,
                   CASE WHEN src.channel = 'store' THEN 'in_store'
                        WHEN src.channel IN ('web', 'app') AND n %% 3 = 0 THEN 'pickup' ELSE 'ship' END,
                   'completed',
                   CASE WHEN src.channel = 'store' OR (src.channel IN ('web', 'app') AND n %% 3 = 0)
                        THEN stores.ids[1 + n %% greatest(cardinality(stores.ids), 1)] END,
                   CASE WHEN src.channel IN ('marketplace', 'social') THEN 'scale-' || (n + 1) ELSE '' END,
                   'NOK', 0, 0, 0,
                   now() - (n %% 700) * interval '1 day' - (n %% 600) * interval '1 minute',
                   now() - (n %% 700) * interval '1 day' + interval '1 day'
            FROM src
            CROSS JOIN stores
            JOIN customers_customer c
              ON c.card_number = %(card)s || lpad((1 + (n * 37) %% %(customers)s)::text, 11, '0')
            ON CONFLICT DO NOTHING
            """,
            {"start": have, "stop": total, "prefix": ORDER_PREFIX, "card": CARD_PREFIX, "customers": n_customers},
        )
        cursor.execute("ANALYZE orders_order")
        cursor.execute(
            """
            INSERT INTO orders_orderline (order_id, variant_id, sku, name, unit_price, quantity, line_total)
            SELECT o.id, v.id, v.sku, p.name, v.price, q, v.price * q
            FROM (SELECT oo.id, substring(oo.number from 4)::int AS n FROM orders_order oo
                  WHERE oo.number LIKE %(like)s
                    AND NOT EXISTS (SELECT 1 FROM orders_orderline ol WHERE ol.order_id = oo.id)) o
            CROSS JOIN LATERAL generate_series(1, 1 + o.n %% 3) AS j
            CROSS JOIN LATERAL (SELECT 1 + (o.n + j) %% 2 AS q) qty
            JOIN catalog_variant v
              ON v.sku = %(sku)s || lpad((1 + (o.n * 7 + j * 131) %% %(variants)s)::text, 7, '0')
            JOIN catalog_product p ON p.id = v.product_id
            """,
            {"like": ORDER_PREFIX + "%", "sku": SKU_PREFIX, "variants": n_variants},
        )
        cursor.execute(
            """
            UPDATE orders_order o SET subtotal = t.total, total = t.total
            FROM (SELECT order_id, sum(line_total) AS total FROM orders_orderline GROUP BY order_id) t
            WHERE t.order_id = o.id AND o.number LIKE %s AND o.total = 0
            """,
            [ORDER_PREFIX + "%"],
        )
        progress.update(total - have)


def _seed_wishlists(*, n_variants: int, bar) -> None:
    """Every fourth scale customer keeps 1–3 items on the wishlist."""
    if not n_variants:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO customers_wishlistitem (customer_id, variant_id, source, added_at)
            SELECT c.id, v.id, (ARRAY['web','email','app','clerk'])[1 + (c.n + j) %% 4],
                   now() - ((c.n + j) %% 200) * interval '1 day'
            FROM (SELECT id, substring(card_number from 2)::bigint AS n FROM customers_customer
                  WHERE email LIKE %(email)s AND card_number LIKE %(card)s) c
            CROSS JOIN LATERAL generate_series(1, 1 + c.n %% 3) AS j
            JOIN catalog_variant v
              ON v.sku = %(sku)s || lpad((1 + (c.n * 11 + j * 977) %% %(variants)s)::text, 7, '0')
            WHERE c.n %% 4 = 0
            ON CONFLICT DO NOTHING
            """,
            {"email": "%@" + EMAIL_DOMAIN, "card": CARD_PREFIX + "%", "sku": SKU_PREFIX, "variants": n_variants},
        )
        with bar("wishlists", cursor.rowcount) as progress:
            progress.update(cursor.rowcount)
