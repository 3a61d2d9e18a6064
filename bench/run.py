"""`make bench`: the figures behind the performance budgets of docs/architecture.md, printed and never asserted.

1. A database of its own (BENCH_DATABASE_URL, default `omnistore_bench` on the DATABASE_URL server): created if
   missing, migrated, and seeded once with `seed_demo --scale 1` (10,000 variants × 10 locations, 1,000,000
   movements, 100,000 customers). The cache is a Redis database of its own too (BENCH_REDIS_URL, default db 15
   on the REDIS_URL server): the cold timings empty it.
2. In process (DEBUG=0, Django's test client): SQL queries per request and milliseconds per request of each page,
   warm and with every cache empty.
3. `gunicorn config.wsgi` with 2 sync workers and DEBUG=0 on 127.0.0.1:BENCH_PORT, driven by wrk (--latency, a few
   seconds per page): req/s, p50/p99 and the share of the trivial view's req/s; bytes of each page without and
   with `Accept-Encoding: gzip`. Without wrk, Python clients stand in (they top out near 1,000 req/s).
4. In process: availability of a page of variants, reservations/s on distinct and on one SKU, clerk lookup
   latency by email, phone, card and name with the query plans; checkout throughput once it exists; each product
   feed's time, peak memory and queries at the bench's catalog and at one ten times larger (rolled back).
5. In process: the Square POS connector against the tests' fake Square — the full catalog and stock sync of the
   bench's variants at up to 10 linked stores, a catalog run with nothing changed, and the minute stock run after
   100 stock changes (objects, requests, seconds); the bench database is left as it was.
Everything is also written to bench/results.json.

Knobs (environment, read in bench/knobs.py): BENCH_PORT, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WRK_THREADS,
BENCH_WORKERS, BENCH_RUNS, BENCH_COLD_RUNS, BENCH_SCALE, BENCH_REQUESTS, BENCH_CLIENTS, BENCH_MAX_SECONDS,
BENCH_RESERVE_THREADS, BENCH_RESERVE_OPS, BENCH_FEEDS_FACTOR. The steps live in bench/prepare.py (1),
bench/page_figures.py (2, 3), bench/stock.py, bench/clerk.py, bench/checkout.py, bench/marketing.py and
bench/feeds.py (4), bench/square.py (5).
"""

import json
import os
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# `python bench/run.py` puts bench/ first on the path; the project root must come first so that
# `inventory`, `customers`, `http` … are the real packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(ROOT))

from bench.knobs import RESULTS, out, say  # noqa: E402
from bench.prepare import bench_database_url, bench_environment, bench_redis_url, prepare  # noqa: E402


def load_average() -> str:
    """Other work on the machine halves these figures: the reader should see it."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def write_results(results: dict) -> None:
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    say(f"Figures written to {RESULTS.relative_to(ROOT)}.")


def main() -> int:
    from datetime import UTC, datetime

    started = time.monotonic()
    env = bench_environment(bench_database_url(), bench_redis_url())
    os.environ.update(env)
    database = urlsplit(env["DATABASE_URL"])
    say(
        f"Omnistore bench — database {database.path.lstrip('/')} on {database.hostname}, {os.cpu_count()} CPUs, "
        f"load average {load_average()} (figures are only comparable on a quiet machine)"
    )
    prepare(env)

    import django

    django.setup()
    from bench.checkout import checkout_figures
    from bench.clerk import clerk_figures
    from bench.feeds import feeds_figures
    from bench.marketing import marketing_figures
    from bench.page_figures import web_figures
    from bench.pages import pages
    from bench.square import square_figures
    from bench.stock import stock_figures

    found, skipped = pages()
    for name in skipped:
        say(f"{name}: skipped: not available (no URL for it yet)")
    results: dict = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average_at_start": load_average(),
    }
    results["pages"], results["server"] = web_figures(env, found)
    results["stock"] = stock_figures()
    results["clerk"] = clerk_figures()
    results["checkout"] = checkout_figures(say)
    results["marketing"] = marketing_figures(say, out)
    results["square"] = square_figures(say, out)
    results["feeds"] = feeds_figures(say, out)
    results["seconds"] = round(time.monotonic() - started)
    results["load_average_at_end"] = load_average()
    write_results(results)
    say(
        f"\nBench finished in {results['seconds']}s, load average {results['load_average_at_end']}. "
        "Figures only: nothing here is asserted."
    )
    return 0


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through `finally`, which stops gunicorn


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("\nInterrupted.")
        sys.exit(130)
    except RuntimeError as exc:  # the server would not start: say why in one line
        say(f"\nBench stopped: {exc}")
        sys.exit(1)
