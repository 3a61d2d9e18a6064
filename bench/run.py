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
   latency by email, phone, card and name with the query plans; checkout throughput once it exists.
Everything is also written to bench/results.json.

Knobs (environment): BENCH_PORT, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WRK_THREADS, BENCH_WORKERS, BENCH_RUNS,
BENCH_COLD_RUNS, BENCH_SCALE, BENCH_REQUESTS, BENCH_CLIENTS, BENCH_MAX_SECONDS, BENCH_RESERVE_THREADS,
BENCH_RESERVE_OPS.
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# `python bench/run.py` puts bench/ first on the path; the project root must come first so that
# `inventory`, `customers`, `http` … are the real packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(ROOT))

from bench.stats import ms, table  # noqa: E402

RESULTS = BENCH_DIR / "results.json"

out = sys.stdout


def knob(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


SCALE = knob("BENCH_SCALE", 1)
PORT = int(knob("BENCH_PORT", 8001))
SECONDS = int(knob("BENCH_SECONDS", 5))  # wrk duration per page
CONNECTIONS = int(knob("BENCH_CONNECTIONS", 8))
WRK_THREADS = int(knob("BENCH_WRK_THREADS", 2))
WORKERS = int(knob("BENCH_WORKERS", 2))
RUNS = int(knob("BENCH_RUNS", 20))  # warm in-process requests per page
COLD_RUNS = int(knob("BENCH_COLD_RUNS", 5))  # in-process requests per page, each after emptying every cache
REQUESTS = int(knob("BENCH_REQUESTS", 400))  # only without wrk: Python clients
CLIENTS = int(knob("BENCH_CLIENTS", 4))
MAX_SECONDS = knob("BENCH_MAX_SECONDS", 30)
RESERVE_THREADS = int(knob("BENCH_RESERVE_THREADS", 4))
RESERVE_OPS = int(knob("BENCH_RESERVE_OPS", 100))


def say(message: str) -> None:
    out.write(message + "\n")
    out.flush()


def bench_database_url() -> str:
    """BENCH_DATABASE_URL, else `omnistore_bench` on the DATABASE_URL server: never the developer's data."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/omnistore")
    return urlunsplit(base._replace(path="/omnistore_bench", query=""))


def bench_redis_url() -> str:
    """BENCH_REDIS_URL, else database 15 on the REDIS_URL server: emptying the bench's cache touches nothing else."""
    if os.environ.get("BENCH_REDIS_URL"):
        return os.environ["BENCH_REDIS_URL"]
    base = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit(base._replace(path="/15", query=""))


def bench_environment(database_url: str, redis_url: str) -> dict[str, str]:
    """Production-like settings for the server and for this process (DEBUG off, but plain HTTP on loopback)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        BENCH_TRIVIAL_VIEW="1",  # the trivial view is served only when asked for
        DEBUG=os.environ.get("DEBUG", "0"),
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        CACHE_KEY_PREFIX=os.environ.get("CACHE_KEY_PREFIX", "bench"),
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        CELERY_TASK_ALWAYS_EAGER="1",
        EMAIL_URL="dummymail://",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            say(f"Created database {name}.")


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True)


def is_seeded(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        variants, customers, movements = conn.execute(
            "SELECT (SELECT count(*) FROM catalog_variant WHERE sku LIKE 'S-%'), "
            "(SELECT count(*) FROM customers_customer WHERE email LIKE '%@scale.example.net'), "
            "(SELECT count(*) FROM inventory_stockmovement)"
        ).fetchone()
    return variants >= 10_000 * SCALE and customers >= 99_000 * SCALE and movements >= 1_000_000 * SCALE


def prepare(env: dict[str, str]) -> None:
    url = env["DATABASE_URL"]
    ensure_database(url)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)  # DEBUG=0 serves hashed files from the manifest
    if is_seeded(url):
        say("Bench data already there (scale data found): not seeding.")
        return
    say(f"Seeding the bench database (seed_demo --scale {SCALE:g}); the first time takes a few minutes …")
    started = time.monotonic()
    manage("seed_demo", "--scale", f"{SCALE:g}", env=env)
    say(f"Seeded in {time.monotonic() - started:.0f}s.")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def inprocess_figures(pages) -> dict:
    """Queries and ms per request of every page in this process, each page with its own client (signed in or not)."""
    from bench.pages import clients, in_process

    anonymous, shopper = clients()
    figures = {}
    for page in pages:
        client = shopper if page.signed_in else anonymous
        if client is None:
            figures[page.name] = None
            continue
        figures[page.name] = in_process(client, page.path, warm_runs=RUNS, cold_runs=COLD_RUNS, max_seconds=MAX_SECONDS)
    cookie = session_header(shopper)
    rows = [
        [page.name, page.path, f.queries, f.status, _ms(f.warm_ms), _ms(f.page_miss_ms), _ms(f.cold_ms)]
        if (f := figures[page.name])
        else [page.name, page.path, "-", "skipped: no shopper login", "-", "-", "-"]
        for page in pages
    ]
    table(
        f"Pages in process — DEBUG=0, median of up to {RUNS} warm requests, of {RUNS} whose whole-page cache missed "
        f"(fragments warm) and of {COLD_RUNS} after cache.clear()",
        ["page", "path", "queries", "status", "ms warm", "ms page miss, fragments warm", "ms caches empty"],
        rows,
        out,
    )
    return {"figures": figures, "cookie": cookie}


def session_header(shopper) -> str | None:
    from bench.pages import session_cookie

    return session_cookie(shopper) if shopper is not None else None


def load_figures(env: dict[str, str], pages, cookie: str | None) -> tuple[dict, str]:
    """Each page under load on gunicorn (wrk, else Python clients), and its bytes plain and gzip-requested."""
    from bench import web
    from bench.wrk import wrk_available, wrk_command, wrk_run

    use_wrk = wrk_available()
    if use_wrk:
        generator = " ".join(
            wrk_command(url="URL", seconds=SECONDS, connections=CONNECTIONS, threads=WRK_THREADS, headers={})[:-1]
        )
    else:
        generator = f"Python clients ({CLIENTS} keep-alive, {REQUESTS} requests; install wrk for the true rate)"
        say(
            "\nwrk is missing: measuring with Python clients, which top out near 1,000 req/s (install: apt-get install -y wrk)"
        )
    server = web.Server(root=ROOT, env=env, workers=WORKERS, port=PORT)
    figures = {}
    try:
        server.wait_ready()
        for page in pages:
            if page.signed_in and cookie is None:
                figures[page.name] = None
                continue
            headers = {"Cookie": cookie} if page.signed_in else {}
            status = web.warm(port=server.port, path=page.path, headers=headers)
            sizes = web.response_sizes(port=server.port, path=page.path, headers=headers)
            # Browsers and load balancers ask for gzip; the server decides whether to compress.
            load_headers = {**headers, "Accept-Encoding": "gzip"}
            if use_wrk:
                url = f"http://{web.HOST}:{server.port}{page.path}"
                result = wrk_run(
                    url=url, seconds=SECONDS, connections=CONNECTIONS, threads=WRK_THREADS, headers=load_headers
                )
                load = {
                    "rps": result.rps,
                    "p50": result.p50,
                    "p99": result.p99,
                    "requests": result.requests,
                    "errors": result.non_2xx_3xx + result.socket_errors,
                }
            else:
                result = web.load(
                    name=page.name,
                    port=server.port,
                    path=page.path,
                    headers=load_headers,
                    requests=REQUESTS,
                    clients=CLIENTS,
                    max_seconds=MAX_SECONDS,
                )
                load = {
                    "rps": result.rps,
                    "p50": result.p50,
                    "p99": result.p99,
                    "requests": result.requests,
                    "errors": result.non_200,
                }
            figures[page.name] = {**load, "status": status, "sizes": sizes}
    finally:
        server.stop()
    return figures, generator


def web_figures(env: dict[str, str], pages) -> tuple[list[dict], dict]:
    """Both views of every page, printed as two tables and returned as rows for results.json."""
    from bench.pages import share_of

    local = inprocess_figures(pages)
    loaded, generator = load_figures(env, pages, local["cookie"])
    ceiling = (loaded.get("trivial view") or {}).get("rps")
    rows, records = [], []
    for page in pages:
        f, p = loaded[page.name], local["figures"][page.name]
        if f is None:
            rows.append([page.name, "skipped: no shopper login", "", "", "", "", "", "", "", ""])
            continue
        share = share_of(f["rps"], ceiling)
        sizes = f["sizes"]
        rows.append(
            [
                page.name,
                f"{f['rps']:.0f}",
                ms(f["p50"]),
                ms(f["p99"]),
                "-" if share is None else f"{share:.1%}",
                f["errors"],
                "-" if p is None else p.queries,
                sizes.plain,
                f"{sizes.gzip_requested} ({sizes.content_encoding})",
                sizes.gzip_possible,
            ]
        )
        records.append(
            {
                "page": page.name,
                "path": page.path,
                "signed_in": page.signed_in,
                "status": f["status"],
                "requests": f["requests"],
                "rps": round(f["rps"], 1),
                "p50_ms": round(f["p50"] * 1000, 2),
                "p99_ms": round(f["p99"] * 1000, 2),
                "share_of_trivial": None if share is None else round(share, 4),
                "errors": f["errors"],
                "queries": None if p is None else p.queries,
                "bytes_plain": sizes.plain,
                "bytes_gzip_requested": sizes.gzip_requested,
                "content_encoding": sizes.content_encoding,
                "bytes_gzip_possible": sizes.gzip_possible,
                "inprocess_warm_ms": None if p is None or p.warm_ms is None else round(p.warm_ms, 2),
                "inprocess_caches_empty_ms": None if p is None or p.cold_ms is None else round(p.cold_ms, 2),
                "inprocess_page_miss_ms": None if p is None or p.page_miss_ms is None else round(p.page_miss_ms, 2),
            }
        )
    table(
        f"Pages under load — gunicorn config.wsgi, {WORKERS} sync workers, DEBUG=0; {generator}; Accept-Encoding: gzip",
        [
            "page",
            "req/s",
            "p50 ms",
            "p99 ms",
            "÷ trivial",
            "errors",
            "queries",
            "bytes",
            "bytes asking gzip",
            "gzip -6",
        ],
        rows,
        out,
    )
    server = {"command": f"gunicorn config.wsgi --workers {WORKERS}", "port": PORT, "load_generator": generator}
    return records, server


def stock_figures() -> list[dict]:
    from bench import stock

    rows = []
    try:
        figure = stock.availability(calls=500, max_seconds=20)
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
                figure = stock.reservations(
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


def clerk_figures() -> dict:
    from bench import clerk
    from customers.models import Customer

    try:
        from customers.selectors import customer_lookup  # noqa: F401 — only: does it exist yet?
    except ImportError:
        say("\nClerk lookup: skipped: not available (customers.selectors.customer_lookup)")
        return {"status": "not available"}
    total = Customer.objects.count()
    try:
        results = clerk.lookups()
    except Exception as exc:
        say(f"\nClerk lookup: failed: {exc.__class__.__name__}: {exc}")
        return {"status": f"failed: {exc.__class__.__name__}: {exc}"}
    rows = [
        [r.kind, repr(r.example), len(r.latencies), f"{r.hits}/{len(r.latencies)}", ms(r.p50), ms(r.p95)]
        for r in results
    ]
    table(
        f"Clerk lookup at {total:,} customers (customer_lookup, in process)",
        ["by", "example", "lookups", "found", "p50 ms", "p95 ms"],
        rows,
        out,
    )
    rows = [
        [
            r.kind,
            repr(r.slowest),
            {True: "yes", False: "NO (seq scan)", None: "?"}[r.uses_index],
            r.plan_scans,
            r.plan_first_line,
        ]
        for r in results
    ]
    table(
        "Lookup plans (EXPLAIN of the main query of the slowest lookup of each kind)",
        ["by", "slowest query", "index", "scans of customers", "plan: first line"],
        rows,
        out,
    )
    return {
        "customers": total,
        "lookups": [
            {
                "by": r.kind,
                "example": r.example,
                "lookups": len(r.latencies),
                "found": r.hits,
                "p50_ms": round(r.p50 * 1000, 2),
                "p95_ms": round(r.p95 * 1000, 2),
                "slowest": r.slowest,
                "uses_index": r.uses_index,
            }
            for r in results
        ],
    }


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
    from bench.marketing import marketing_figures
    from bench.pages import pages

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
