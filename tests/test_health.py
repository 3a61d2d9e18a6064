"""/healthz: what an operator's probe sees."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from django.db import connection

from tests.throwaway import ThrowawayPostgres, ThrowawayRedis, free_port

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_reports_database_and_redis(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "broker": "inline"}


def _healthz_in_a_process_with(script: str = "", **env) -> tuple[int, dict]:
    """Ask /healthz in a fresh process whose settings point at the given services (after `script`, if any)."""
    script = "\n".join(
        [
            "import django, json, time",
            "django.setup()",
            "from django.test import Client",
            script,
            "started = time.monotonic()",
            "r = Client().get('/healthz')",
            "print(r.status_code, json.dumps({**r.json(), 'seconds': time.monotonic() - started}))",
        ]
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "ALLOWED_HOSTS": "testserver", **env}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    status, body = done.stdout.strip().splitlines()[-1].split(" ", 1)
    return int(status), json.loads(body)


def test_healthz_is_503_when_the_database_is_down():
    # Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
    status, body = _healthz_in_a_process_with(
        DATABASE_URL="postgres://postgres@127.0.0.1:9/omnistore", DATABASE_POOL="0"
    )

    assert status == 503
    assert body["status"] == "down" and body["database"].startswith("error")


# A first request loads the URLs and the middleware; the probe that is timed is the second.
WARM_UP = "Client().get('/healthz')"


def test_healthz_is_503_within_a_second_when_the_database_is_down_with_the_pool_on():
    status, body = _healthz_in_a_process_with(
        WARM_UP, DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/omnistore", DATABASE_POOL="1"
    )

    assert status == 503 and body["database"].startswith("error")
    assert body["seconds"] < 1, "the probe has its own connection: it does not wait the pool's 2 s"


def test_healthz_gives_up_on_a_database_that_does_not_answer_within_its_timeout():
    # A listening socket that never answers: the connection hangs as it does when packets are dropped.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        status, body = _healthz_in_a_process_with(
            WARM_UP,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent.getsockname()[1]}/omnistore",
            HEALTHZ_DATABASE_TIMEOUT="0.5",
        )

    assert status == 503 and body["database"] == "error: TimeoutError"
    assert body["seconds"] < 1, "libpq's connect_timeout would wait 2 s at least"


def test_pooled_connections_survive_a_database_restart():
    server = ThrowawayPostgres().start()
    try:
        restart = json.dumps(server.pg_ctl("-l", str(server.directory / "log"), "-m", "fast", "restart"))
        # A first request leaves a connection in the pool; the restart kills it behind the pool's back.
        script = (
            "import subprocess\n"
            "from django.db import connection\n"
            "assert Client().get('/healthz').json()['database'] == 'ok'\n"
            # The test client keeps the connection after a request; a real server's request end returns it.
            "connection.close()\n"
            f"subprocess.run({restart}, check=True, capture_output=True)"
        )
        status, body = _healthz_in_a_process_with(script, DATABASE_URL=server.url, DATABASE_POOL="1")
    finally:
        server.remove()

    assert status == 200 and body["database"] == "ok"


def test_healthz_stays_up_but_degraded_without_redis(db):
    database = connection.settings_dict
    status, body = _healthz_in_a_process_with(
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        REDIS_URL="redis://127.0.0.1:9/0",
    )

    assert status == 200
    assert body["status"] == "degraded" and body["redis"].startswith("error")


def test_healthz_says_degraded_when_only_the_broker_is_down(db):
    database = connection.settings_dict
    broker = ThrowawayRedis().start()
    broker.stop()
    status, body = _healthz_in_a_process_with(
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        CELERY_TASK_ALWAYS_EAGER="0",
        CELERY_BROKER_URL=broker.url,
    )

    assert status == 200
    assert body["status"] == "degraded" and body["redis"] == "ok" and body["broker"].startswith("error")
