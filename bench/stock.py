"""Stock at scale: availability of a page of variants, and reservations per second with real transactions."""

import random
import threading
import time
import uuid
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.knobs import RESERVE_OPS, RESERVE_THREADS, out
from bench.stats import Timed, ms, table
from demo.scale import SKU_PREFIX

PAGE = 24


@dataclass
class Figure(Timed):
    name: str
    ops: int
    seconds: float
    latencies: list[float]
    note: str = ""

    @property
    def rate(self) -> float:
        return self.ops / self.seconds if self.seconds else 0.0


def _scale_variant_ids() -> list[int]:
    from catalog.models import Variant

    return list(Variant.objects.filter(sku__startswith=SKU_PREFIX).order_by("pk").values_list("pk", flat=True))


def availability(*, calls: int, max_seconds: float) -> Figure:
    """`availability_by_variant` for a page of 24 variants (the category grid), pages drawn at random."""
    from inventory.selectors import availability_by_variant

    ids = _scale_variant_ids()
    if len(ids) < PAGE:
        raise RuntimeError("no scale data: run `manage.py seed_demo --scale 1` first")
    rng = random.Random(7)
    latencies = []
    deadline = time.monotonic() + max_seconds
    started = time.perf_counter()
    for _ in range(calls):
        if time.monotonic() > deadline:
            break
        start = rng.randrange(0, len(ids) - PAGE)
        t0 = time.perf_counter()
        result = availability_by_variant(variant_ids=ids[start : start + PAGE])
        latencies.append(time.perf_counter() - t0)
        assert result  # noqa: S101 — a page with no stock rows would measure nothing
    return Figure("availability_by_variant (24 variants)", len(latencies), time.perf_counter() - started, latencies)


def _reservable_levels(*, threads: int):
    """A pickup store and scale variants there with room for every thread to hold a unit at once."""
    from inventory.models import Location, StockLevel

    location = (
        Location.objects.filter(is_active=True, kind=Location.Kind.STORE, code__startswith="SC").order_by("pk").first()
        or Location.objects.filter(is_active=True).order_by("pk").first()
    )
    levels = list(
        StockLevel.objects.filter(
            location=location, variant__sku__startswith=SKU_PREFIX, on_hand__gte=threads + 5, reserved=0
        ).order_by("pk")[: threads + 1]
    )
    return location, levels


def _together(worker, threads: int) -> float:
    """Run worker(0 … threads - 1) in as many threads; the seconds until the last one ended."""
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


def reservations(*, threads: int, per_thread: int, max_seconds: float, same_sku: bool) -> Figure:
    """Threads each reserve 1 unit and release it again, on distinct SKUs or all on one; counts reservations/s."""
    from inventory.exceptions import InsufficientStock
    from inventory.models import StockLevel
    from inventory.services import StockLine, stock_release, stock_reserve

    location, levels = _reservable_levels(threads=threads)
    if len(levels) < (1 if same_sku else threads):
        raise RuntimeError("not enough stocked scale variants at one store")
    run = uuid.uuid4().hex[:8]
    barrier = threading.Barrier(threads)
    lock = threading.Lock()
    latencies: list[float] = []
    refused = [0]
    queries: list[int] = []  # SQL statements of one reserve and its release (BEGIN and COMMIT not counted)
    failures: list[str] = []
    deadline = time.monotonic() + max_seconds

    def worker(index: int):
        level = levels[0] if same_sku else levels[index]
        mine, short = [], 0
        try:
            barrier.wait()
            for i in range(per_thread):
                if time.monotonic() > deadline:
                    break
                reference = f"bench:{run}:{index}:{i}"
                t0 = time.perf_counter()
                with CaptureQueriesContext(connection) if index == i == 0 else nullcontext() as captured:
                    try:
                        stock_reserve(
                            location=location,
                            lines=[StockLine(variant_id=level.variant_id, quantity=1)],
                            reference=reference,
                        )
                    except InsufficientStock:
                        short += 1
                        continue
                    mine.append(time.perf_counter() - t0)
                    stock_release(reference=reference, reason="bench")
                if captured is not None:
                    queries.append(len(captured.captured_queries))
        except Exception as exc:  # report, don't hang the other threads
            failures.append(f"{exc.__class__.__name__}: {exc}")
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)
                refused[0] += short

    seconds = _together(worker, threads)
    used = [levels[0].pk] if same_sku else [lv.pk for lv in levels[:threads]]
    still_reserved = sum(StockLevel.objects.filter(pk__in=used).values_list("reserved", flat=True))
    note = f"{threads} threads; refused {refused[0]}; reserved afterwards {still_reserved}"
    if queries:
        note += f"; {queries[0]} queries per reserve+release"
    if failures:
        note += f"; errors {len(failures)} (first: {failures[0]})"
    label = "reserve+release, same SKU" if same_sku else "reserve+release, distinct SKUs"
    return Figure(label, len(latencies), seconds, latencies, note)


def stock_figures() -> list[dict]:
    """The stock part of `make bench`: availability, then reservations on distinct SKUs and on one; printed."""
    rows = []
    try:
        figure = availability(calls=500, max_seconds=20)
        rows.append([figure.name, figure.ops, f"{figure.rate:.0f}", ms(figure.p50), ms(figure.p95), ""])
    except Exception as exc:
        rows.append(["availability_by_variant", "failed", f"{exc.__class__.__name__}: {exc}", "", "", ""])
    try:
        from inventory.services import stock_release, stock_reserve  # noqa: F401 — only: do they exist yet?
    except ImportError:
        rows.append(["reservations", "skipped: not available", "(inventory.services.stock_reserve)", "", "", ""])
    else:
        for same_sku in (False, True):
            try:
                figure = reservations(
                    threads=RESERVE_THREADS, per_thread=RESERVE_OPS, max_seconds=30, same_sku=same_sku
                )
                rows.append(
                    [figure.name, figure.ops, f"{figure.rate:.0f}", ms(figure.p50), ms(figure.p95), figure.note]
                )
            except Exception as exc:
                rows.append(["reservations", "failed", f"{exc.__class__.__name__}: {exc}", "", "", ""])
    header = ["operation", "ops", "ops/s", "p50 ms", "p95 ms", "note"]
    table("Stock (in process)", header, rows, out)
    return [dict(zip(header, row, strict=True)) for row in rows]
