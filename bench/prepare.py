"""The bench's own database and Redis database, its production-like environment, and its data, seeded once."""

import os
import secrets
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from bench.knobs import ROOT, SCALE, say


def bench_database_url() -> str:
    """BENCH_DATABASE_URL, else `omnistore_bench` on the DATABASE_URL server (`omnistore_bench_scale5` at
    BENCH_SCALE=5): never the developer's data, and each scale is seeded once and kept between runs."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/omnistore")
    name = "omnistore_bench" if SCALE == 1 else f"omnistore_bench_scale{SCALE:g}".replace(".", "_")
    return urlunsplit(base._replace(path=f"/{name}", query=""))


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
