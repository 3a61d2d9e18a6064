"""`make bench`: the figures behind the performance budgets of docs/architecture.md, printed and never asserted.

1. A database of its own per scale (BENCH_DATABASE_URL, default `omnistore_bench` on the DATABASE_URL server,
   `omnistore_bench_scale5` at scale 5): created if missing, migrated, and seeded once with `seed_demo --scale N`
   (at scale 1: 10,000 variants × 10 locations, 1,000,000 movements, 100,000 customers) and kept between runs.
   The cache is a Redis database of its own too (BENCH_REDIS_URL, default db 15 on the REDIS_URL server): the cold
   timings empty it.
2. pages — in process (DEBUG=0, Django's test client): SQL queries per request and milliseconds per request of each
   page, warm and with every cache empty; then `gunicorn config.wsgi` with 2 sync workers and DEBUG=0 on
   127.0.0.1:BENCH_PORT, driven by wrk (--latency, a few seconds per page): req/s, p50/p99 and the share of the
   trivial view's req/s; bytes of each page without and with `Accept-Encoding: gzip`. Without wrk, Python clients
   stand in (they top out near 1,000 req/s).
3. stock, clerk, checkout, marketing, feeds — in process: availability of a page of variants, reservations/s on
   distinct and on one SKU; clerk lookup latency by email, phone, card and name with the query plans; checkout
   orders/s and queries an order, alone and racing; marketing sends; each product feed's time, peak memory and
   queries at the bench's catalog and at one ten times larger (rolled back).
4. square — in process: the Square POS connector against the tests' fake Square (full catalog and stock sync, a
   run with nothing changed, the minute stock run after 100 changes); the bench database is left as it was.
5. The budget table (bench/targets.py): each figure of the speed budget, its target and whether it is met.
   With several scales (BENCH_SCALE="1 5"), each scale runs in a process of its own and the budget's figures are
   then printed side by side, with a flag on any that moves more than 10 % between the scales.
Everything is also written to bench/results.json: one entry per scale with the commit, the machine (CPUs, memory,
load average at start and end, PostgreSQL) and every figure, and the comparison between scales.

Knobs (environment, read in bench/knobs.py): BENCH_SCALE (one or several, default 1), BENCH_ONLY (sections; default
all at scale 1, the budget's sections pages, stock, clerk, checkout at other scales), BENCH_PORT, BENCH_SECONDS,
BENCH_CONNECTIONS, BENCH_WRK_THREADS, BENCH_WORKERS, BENCH_RUNS, BENCH_COLD_RUNS, BENCH_REQUESTS, BENCH_CLIENTS,
BENCH_MAX_SECONDS, BENCH_RESERVE_THREADS, BENCH_RESERVE_OPS, BENCH_FEEDS_FACTOR. The steps live in bench/prepare.py
(1), bench/page_figures.py (2), bench/stock.py, bench/clerk.py, bench/checkout.py, bench/marketing.py and
bench/feeds.py (3), bench/square.py (4), bench/targets.py (5).
"""

import json
import os
import platform
import signal
import subprocess
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

from bench.knobs import BUDGET_SECTIONS, ONLY, RESULTS, SCALE, SCALES, SECTIONS, out, say  # noqa: E402
from bench.prepare import bench_database_url, bench_environment, bench_redis_url, prepare  # noqa: E402


def load_average() -> str:
    """Other work on the machine halves these figures: the reader should see it."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def commit() -> dict:
    """The commit measured, and whether the working tree differed from it."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    changed = git("status", "--porcelain", "--", ".", ":(exclude)bench/results.json")  # the bench's own output aside
    return {"commit": git("rev-parse", "HEAD") or "unknown", "dirty": bool(changed)}


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
    }


def sections() -> list[str]:
    unknown = [name for name in ONLY if name not in SECTIONS]
    if unknown:
        raise SystemExit(f"BENCH_ONLY: unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if ONLY:
        return ONLY
    return list(SECTIONS if SCALE == 1 else BUDGET_SECTIONS)


def stored() -> dict:
    try:
        return json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        return {}


def write_results(results: dict) -> None:
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    say(f"Figures written to {RESULTS.relative_to(ROOT)}.")


def measure(chosen: list[str], env: dict[str, str]) -> dict:
    """Run the chosen sections in order; each returns what results.json keeps of it."""
    from bench.checkout import checkout_figures
    from bench.clerk import clerk_figures
    from bench.feeds import feeds_figures
    from bench.marketing import marketing_figures
    from bench.page_figures import web_figures
    from bench.pages import pages
    from bench.square import square_figures
    from bench.stock import stock_figures

    results: dict = {}
    if "pages" in chosen:
        found, skipped = pages()
        for name in skipped:
            say(f"{name}: skipped: not available (no URL for it yet)")
        results["pages"], results["server"] = web_figures(env, found)
    steps = {
        "stock": stock_figures,
        "clerk": clerk_figures,
        "checkout": lambda: checkout_figures(say),
        "marketing": lambda: marketing_figures(say, out),
        "square": lambda: square_figures(say, out),
        "feeds": lambda: feeds_figures(say, out),
    }
    for name, step in steps.items():
        if name in chosen:
            results[name] = step()
    return results


def run_one() -> int:
    """One scale: prepare its database, measure, print the budget table, keep the run in results.json."""
    from datetime import UTC, datetime

    started = time.monotonic()
    env = bench_environment(bench_database_url(), bench_redis_url())
    os.environ.update(env)
    database = urlsplit(env["DATABASE_URL"])
    chosen = sections()
    say(
        f"Omnistore bench at scale {SCALE:g} — database {database.path.lstrip('/')} on {database.hostname}, "
        f"{os.cpu_count()} CPUs, load average {load_average()} (figures are only comparable on a quiet machine); "
        f"sections: {', '.join(chosen)}"
    )
    prepare(env)

    import django

    django.setup()
    from bench.targets import summary

    run: dict = {
        "scale": SCALE,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **commit(),
        "machine": machine(),
        "load_average_at_start": load_average(),
        "sections": chosen,
    }
    run.update(measure(chosen, env))
    run["seconds"] = round(time.monotonic() - started)
    run["load_average_at_end"] = load_average()
    run["budget"] = summary(run, scale=SCALE, out=out)
    results = stored()
    results.setdefault("scales", {})[f"{SCALE:g}"] = run
    write_results(results)
    say(
        f"\nBench finished in {run['seconds']}s, load average {run['load_average_at_end']}. "
        "Figures only: nothing here is asserted."
    )
    return 0


def run_scales() -> int:
    """Several scales: each in a process of its own (its own database), then the budget rows side by side."""
    for scale in SCALES:
        child = subprocess.run([sys.executable, __file__], env={**os.environ, "BENCH_SCALE": f"{scale:g}"})
        if child.returncode:
            return child.returncode
    compare_stored()
    return 0


def compare_stored() -> None:
    from bench.targets import compare

    results = stored()
    runs = results.get("scales", {})
    base_scale, *others = SCALES
    comparisons = {}
    for scale in others:
        base, other = runs.get(f"{base_scale:g}"), runs.get(f"{scale:g}")
        if base and other:
            comparisons[f"{base_scale:g} vs {scale:g}"] = compare(
                base, other, base_scale=base_scale, other_scale=scale, out=out
            )
    results["comparison"] = comparisons
    write_results(results)


def main() -> int:
    return run_one() if len(SCALES) == 1 else run_scales()


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
