"""A database outage as production sees it: gunicorn's sync workers, the connection pool, /healthz.

The database sits behind a TCP proxy that a test stops (new connections refused, open ones cut) and starts
again; the shared PostgreSQL behind it never stops.
"""

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.throwaway import TcpProxy, free_port

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2  # sync workers, as the README runs gunicorn (fewer, so that parallel requests queue behind each other)
READS_THE_DATABASE = "/api/v1/categories/"  # a query on every request, never a cached page


@pytest.fixture
def proxy(db):
    """A proxy in front of the test database (created by pytest-django; the shop only reads it)."""
    database = connection.settings_dict
    proxy = TcpProxy(int(database["PORT"] or 5432), database["HOST"] or "127.0.0.1").start()
    yield proxy
    proxy.stop()


@contextlib.contextmanager
def _shop(proxy: TcpProxy, **env: str):
    """`gunicorn config.wsgi` with the connection pool, its database behind the proxy; yields its port."""
    database = connection.settings_dict
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}",
        "DATABASE_POOL": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        **env,
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_until_serving(port, server, log)
            # Every worker opens its pool and keeps a connection in it, which the outage will cut.
            assert _statuses(_get_in_parallel(port, READS_THE_DATABASE, 4 * WORKERS)) == [200] * 4 * WORKERS
            yield port
        finally:
            os.killpg(server.pid, signal.SIGKILL)  # nothing to finish: the shop only read
            server.wait(timeout=30)


def _wait_until_serving(port: int, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        with contextlib.suppress(OSError):
            if _get(port, "/healthz")[0] == 200:
                return
        time.sleep(0.1)
    log.seek(0)
    pytest.fail(f"gunicorn is not serving /healthz: {log.read().decode()[-2000:]}")


def _get(port: int, path: str) -> tuple[int, float]:
    """The status of one GET and the seconds it took, from sending to the end of the answer."""
    started = time.monotonic()
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request("GET", path)
        response = client.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    finally:
        client.close()


def _get_in_parallel(port: int, path: str, count: int) -> list[tuple[int, float]]:
    """`count` GETs sent at once, as a load balancer's probes or a burst of shoppers do."""
    start = threading.Barrier(count)

    def one(_):
        start.wait()
        return _get(port, path)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def _statuses(answers: list[tuple[int, float]]) -> list[int]:
    return [status for status, _ in answers]


def test_healthz_answers_503_within_a_second_to_ten_parallel_probes_while_the_database_is_down(proxy):
    with _shop(proxy) as shop:
        proxy.stop()

        answers = _get_in_parallel(shop, "/healthz", 10)

    assert _statuses(answers) == [503] * 10
    slowest = max(seconds for _, seconds in answers)
    assert slowest < 1, f"the slowest probe took {slowest:.1f} s"


def test_the_shop_serves_again_as_soon_as_the_database_is_back(proxy):
    # A short wait for a connection keeps the outage short; the backoff it exposes is the same at any wait.
    with _shop(proxy, DATABASE_POOL_TIMEOUT="0.5") as shop:
        proxy.stop()
        stopped = time.monotonic()
        # Shoppers arrive during the outage; each worker's pool fails to reconnect and keeps trying in the
        # background. Unchecked, psycopg_pool retries after 1, 2, 4, 8 … s, so ~5 s in, its next try is ~2 s away.
        assert set(_statuses(_get_in_parallel(shop, READS_THE_DATABASE, WORKERS))) <= {500, 503}
        time.sleep(max(0.0, stopped + 4.8 - time.monotonic()))
        proxy.start()

        answers = _get_in_parallel(shop, READS_THE_DATABASE, 10)

    assert _statuses(answers) == [200] * 10
