"""The channel feeds (in process, on the bench database): time and peak memory (tracemalloc) to write each feed, and
its queries, at the bench's catalog and at a catalog ten times larger.

The larger catalog (BENCH_FEEDS_FACTOR times, 10 by default) is the bench's own copied inside a transaction that is
rolled back afterwards (each variant again under new SKUs, with its stock levels), so the database is left as it
was. Memory should stay flat however large the catalog grows: the feeds read and write a batch at a time. Times are
taken with tracemalloc on, which slows Python down.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from contextlib import contextmanager

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.knobs import FEEDS_FACTOR
from bench.stats import table


class _Rollback(Exception):
    pass


def _columns(model, *, leave_out: set[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not f.primary_key and f.column not in leave_out]


def catalog_multiply(factor: int) -> int:
    """Copy every variant `factor - 1` times (new SKUs, no barcode) with its stock levels; the variants there are now.
    Meant inside a transaction that is rolled back."""
    from catalog.models import Variant
    from inventory.models import StockLevel

    variant_columns = _columns(Variant, leave_out={"sku", "gtin"})
    level_columns = _columns(StockLevel, leave_out={"variant_id"})
    names = ", ".join(variant_columns)
    level_names = ", ".join(level_columns)
    copied = ", ".join(f"sl.{column}" for column in level_columns)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM catalog_variant")
        last = cursor.fetchone()[0] or 0
        cursor.execute(
            f"INSERT INTO catalog_variant ({names}, sku) "  # noqa: S608 (column names from the models)
            f"SELECT {names}, sku || '-X' || n FROM catalog_variant, generate_series(1, %s) n WHERE id <= %s",
            [factor - 1, last],
        )
        cursor.execute(
            f"INSERT INTO inventory_stocklevel ({level_names}, variant_id) "  # noqa: S608
            f"SELECT {copied}, copy.id FROM inventory_stocklevel sl "
            "JOIN catalog_variant original ON original.id = sl.variant_id AND original.id <= %s "
            "CROSS JOIN generate_series(1, %s) n JOIN catalog_variant copy ON copy.sku = original.sku || '-X' || n",
            [last, factor - 1],
        )
        cursor.execute("ANALYZE catalog_variant; ANALYZE inventory_stocklevel")
        cursor.execute("SELECT count(*) FROM catalog_variant")
        return cursor.fetchone()[0]


@contextmanager
def larger_catalog(factor: int):
    """The catalog `factor` times larger for the duration of the block, rolled back afterwards."""
    try:
        with transaction.atomic():
            yield catalog_multiply(factor)
            raise _Rollback
    except _Rollback:
        pass


def feed_run(write) -> dict:
    """Write one feed to nowhere: seconds, peak memory, bytes, lines and queries."""
    size = lines = 0
    tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for chunk in write():
            size += len(chunk.encode())
            lines += chunk.count("\n")
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": round(seconds, 2), "peak_mb": round(peak / 2**20, 1), "mb": round(size / 2**20, 1),
            "lines": lines, "queries": len(queries)}  # fmt: skip


def _feeds() -> dict:
    from channels.feeds.http import FEEDS

    return {name: feed.write for name, feed in FEEDS.items()}


def feeds_figures(say, out=None, *, factor: int = FEEDS_FACTOR) -> dict:
    """Each feed at the bench's catalog and at `factor` times it; printed and returned."""
    from catalog.models import Variant

    out = out or sys.stdout
    figures: dict = {}
    try:
        variants = Variant.objects.count()
        figures["scale 1"] = {name: feed_run(write) for name, write in _feeds().items()}
        with larger_catalog(factor) as larger:
            figures[f"{factor}x"] = {name: feed_run(write) for name, write in _feeds().items()}
    except Exception as exc:
        say(f"\nChannel feeds: failed: {exc.__class__.__name__}: {exc}")
        return {"status": f"failed: {exc.__class__.__name__}: {exc}"}
    rows = [
        [name, f"{size} ({count:,} variants)", run["lines"], run["seconds"], run["peak_mb"], run["mb"], run["queries"]]
        for size, count in (("scale 1", variants), (f"{factor}x", larger))
        for name, run in figures[size].items()
    ]
    header = ["feed", "catalog", "lines", "seconds", "peak MB", "feed MB", "queries"]
    table("Channel feeds (in process, written without the cache, tracemalloc on)", header, rows, out)
    figures["variants"] = {"scale 1": variants, f"{factor}x": larger}
    return figures
