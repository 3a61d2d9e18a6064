"""The customer emails' heavy part: recounting products bought together over a year of orders of every channel,
and the recommendations one email needs (in process, on the bench database)."""

import sys
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.stats import ms, percentile, table

RUNS = 3
CUSTOMERS = 50


def marketing_figures(say, out=None) -> dict:
    """Time bought_together_refresh (RUNS times) and recommendations_for_customer; print and return the figures."""
    from orders.models import Order, OrderLine

    out = out or sys.stdout
    orders, lines = Order.objects.count(), OrderLine.objects.count()
    try:
        timings, pairs = _bought_together_timings()
    except Exception as exc:
        say(f"\nBought together: failed: {exc.__class__.__name__}: {exc}")
        return {"status": f"failed: {exc.__class__.__name__}: {exc}"}
    customers, latencies, queries = _recommendation_timings()
    rows = [
        [
            "bought_together_refresh",
            f"{orders:,} orders / {lines:,} lines",
            RUNS,
            ms(min(timings)),
            ms(max(timings)),
            f"{pairs:,} pairs",
        ],
        [
            "recommendations_for_customer",
            f"{customers} customers",
            len(latencies),
            ms(percentile(latencies, 50)),
            ms(percentile(latencies, 95)),
            f"≤ {queries} queries",
        ],
    ]
    table(
        "Customer emails (in process)",
        ["operation", "data", "runs", "best / p50 ms", "worst / p95 ms", "note"],
        rows,
        out,
    )
    return {
        "orders": orders,
        "lines": lines,
        "pairs": pairs,
        "bought_together_ms": [round(t * 1000, 1) for t in timings],
        "recommendations_p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "recommendations_p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "recommendations_max_queries": queries,
    }


def _bought_together_timings() -> tuple[list[float], int]:
    """Seconds of each of RUNS refreshes, and the pairs the last one counted."""
    from marketing.services import bought_together_refresh

    timings, pairs = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        with transaction.atomic():
            pairs = bought_together_refresh()
        timings.append(time.perf_counter() - started)
    return timings, pairs


def _recommendation_timings() -> tuple[int, list[float], int]:
    """Recommendations for up to CUSTOMERS buyers: how many, seconds of each, and the most queries one took."""
    from customers.models import Customer
    from marketing.recommendations import recommendations_for_customer

    buyers = list(
        Customer.objects.filter(orders__isnull=False, merged_into__isnull=True).distinct().order_by("pk")[:CUSTOMERS]
    )
    latencies, queries = [], 0
    for customer in buyers:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            recommendations_for_customer(customer=customer)
            latencies.append(time.perf_counter() - started)
        queries = max(queries, len(captured.captured_queries))
    return len(buyers), latencies, queries
