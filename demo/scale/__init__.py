"""Large deterministic data for benchmarks (`manage.py seed_demo --scale N`), written with PostgreSQL bulk paths.

At scale 1: 10,000 variants (2,500 products) stocked at 10 locations (100,000 stock levels), a ledger of
1,000,000 stock movements that adds up to every level, 100,000 customers and 10,000 orders. Every phase
tops up from what is already there, so running it again is cheap and a larger scale only adds the rest.
Rows carry markers (SKU `S-…`, product slug `s-…`, email `@scale.example.net`, order `SC-…`) that keep
them apart from the hand-made demo data.
"""

import math
import time
from collections.abc import Sequence

from django.db import connection
from tqdm import tqdm

from catalog.services import products_listing_refresh
from demo.scale.base import EMAIL_DOMAIN, LOCATIONS, ORDER_PREFIX, SKU_PREFIX, VARIANTS_PER_PRODUCT
from demo.scale.catalog import catalog_seed
from demo.scale.customers import customers_seed, wishlists_seed
from demo.scale.orders import orders_seed
from demo.scale.stock import MOVEMENTS_PER_LEVEL, locations_ensure, movements_seed, stock_levels_seed

# The markers the bench looks scale rows up by.
__all__ = ["EMAIL_DOMAIN", "SKU_PREFIX", "scale_counts", "scale_targets", "seed_scale"]

VARIANTS_PER_SCALE = 10_000
CUSTOMERS_PER_SCALE = 100_000
ORDERS_PER_SCALE = 10_000


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

    locations = timed("locations", locations_ensure)
    timed("catalog", catalog_seed, targets=targets, bar=bar)
    timed("listing columns", products_listing_refresh, product_ids=None)
    _analyze(["catalog_product", "catalog_variant"])
    timed("stock levels", stock_levels_seed, locations=locations, bar=bar)
    _analyze(["inventory_stocklevel"])
    timed("movements", movements_seed, locations=locations, per_level=movements_per_level, bar=bar)
    timed("customers", customers_seed, total=targets["customers"], locations=locations, bar=bar)
    _analyze(["customers_customer"])
    timed(
        "orders",
        orders_seed,
        total=targets["orders"],
        n_variants=targets["variants"],
        n_customers=targets["customers"],
        bar=bar,
    )
    timed("wishlists", wishlists_seed, n_variants=targets["variants"], bar=bar)
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
