"""`make bench`: the figures behind DESIGN.md's performance budgets, printed and never asserted.

1. A database of its own (BENCH_DATABASE_URL, default `omnistore_bench` on the DATABASE_URL server): created if
   missing, migrated, and seeded once with `seed_demo --scale 1` (10,000 variants × 10 locations, 1,000,000
   movements, 100,000 customers).
2. gunicorn with DEBUG=0 on a free loopback port; a few keep-alive clients measure requests/s and latency of the
   trivial view (the stack's ceiling), a category page, a product page with availability at every store and the
   API product list; queries per request come from Django's test client in this process.
3. In-process: availability of a page of variants, reservations/s on distinct and on one SKU, clerk lookup
   latency by email, phone, card and name with the query plans.

Knobs (environment): BENCH_SCALE, BENCH_REQUESTS, BENCH_CLIENTS, BENCH_WORKERS, BENCH_THREADS,
BENCH_MAX_SECONDS, BENCH_RESERVE_THREADS, BENCH_RESERVE_OPS.
"""

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

out = sys.stdout


def knob(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


SCALE = knob("BENCH_SCALE", 1)
REQUESTS = int(knob("BENCH_REQUESTS", 400))
CLIENTS = int(knob("BENCH_CLIENTS", 4))
WORKERS = int(knob("BENCH_WORKERS", 2))
THREADS = int(knob("BENCH_THREADS", 4))
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


def bench_environment(database_url: str) -> dict[str, str]:
    """Production-like settings for the server and for this process (DEBUG off, but plain HTTP on loopback)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
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


def page_paths() -> tuple[dict[str, str], list[str]]:
    """The pages to measure, found in the scale data; pages whose view is missing are reported, not measured."""
    from django.urls import NoReverseMatch

    from catalog.models import Category, Product

    paths, skipped = {"trivial view": "/bench/trivial"}, []
    category = Category.objects.filter(slug="scale-outdoor").first()
    product = Product.objects.filter(slug__startswith="s-000001-").first()
    for name, obj in (("category page", category), ("product page", product)):
        try:
            paths[name] = obj.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            skipped.append(name)
    paths["API product list"] = "/api/v1/products/"
    return paths, skipped


def web_figures(env: dict[str, str], paths: dict[str, str]) -> None:
    from bench import web

    counts = web.queries_per_request(paths)
    server = web.Server(root=ROOT, env=env, workers=WORKERS, threads=THREADS)
    results = []
    try:
        server.wait_ready()
        for name, path in paths.items():
            results.append(
                web.load(
                    name=name, port=server.port, path=path, requests=REQUESTS, clients=CLIENTS, max_seconds=MAX_SECONDS
                )
            )
    finally:
        server.stop()
    ceiling = results[0].rps or 1
    rows = []
    for result in results:
        queries, status = counts[result.name]
        rows.append(
            [
                result.name,
                result.path,
                result.requests,
                f"{result.rps:.0f}",
                ms(result.p50),
                ms(result.p95),
                f"{result.rps / ceiling:.2f}",
                result.non_200,
                f"{queries} ({status})",
            ]
        )
    table(
        f"Pages under load — gunicorn gthread {WORKERS}×{THREADS}, {CLIENTS} keep-alive clients, DEBUG=0",
        ["page", "path", "requests", "req/s", "p50 ms", "p95 ms", "÷ trivial", "non-200", "queries (status)"],
        rows,
        out,
    )


def stock_figures() -> None:
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
    table("Stock (in process)", ["operation", "ops", "ops/s", "p50 ms", "p95 ms", "note"], rows, out)


def clerk_figures() -> None:
    from bench import clerk
    from customers.models import Customer

    try:
        from customers.selectors import customer_lookup  # noqa: F401 — only: does it exist yet?
    except ImportError:
        say("\nClerk lookup: skipped: not available (customers.selectors.customer_lookup)")
        return
    total = Customer.objects.count()
    try:
        results = clerk.lookups()
    except Exception as exc:
        say(f"\nClerk lookup: failed: {exc.__class__.__name__}: {exc}")
        return
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


def main() -> int:
    started = time.monotonic()
    env = bench_environment(bench_database_url())
    os.environ.update(env)
    database = urlsplit(env["DATABASE_URL"])
    say(f"Omnistore bench — database {database.path.lstrip('/')} on {database.hostname}, {os.cpu_count()} CPUs")
    prepare(env)

    import django

    django.setup()
    paths, skipped = page_paths()
    for name in skipped:
        say(f"{name}: skipped: not available (no URL for it yet)")
    web_figures(env, paths)
    stock_figures()
    clerk_figures()
    say(f"\nBench finished in {time.monotonic() - started:.0f}s. Figures only: nothing here is asserted.")
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
