"""Pages over HTTP: gunicorn as production runs it, response sizes, and Python clients when wrk is missing."""

import gzip
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.stats import Timed

HOST = "127.0.0.1"


def port_is_free(port: int) -> bool:
    """Nobody listens there; connections of an earlier run still in TIME_WAIT do not count (gunicorn reuses them)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


class Server:
    """`gunicorn config.wsgi` with sync workers as the README runs it, in its own process group, stopped on exit."""

    def __init__(self, *, root: Path, env: dict[str, str], workers: int, port: int):
        if not port_is_free(port):
            raise RuntimeError(f"port {port} on {HOST} is in use: set BENCH_PORT to a free one")
        self.port = port
        self.workers = workers
        # The log goes to the temp directory, not next to the code; it is only read when gunicorn fails to start.
        self.log = open(Path(tempfile.gettempdir()) / "omnistore-bench-gunicorn.log", "w")  # noqa: SIM115 — closed in stop()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, not the workers; we stop the whole group ourselves
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f}s; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.log.close()


@dataclass
class LoadResult(Timed):
    name: str
    path: str
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def non_200(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 200) + self.errors


def _client(port, path, headers, count, warmup, deadline, out, lock):  # noqa: PLR0913 — one thread's whole job
    """One keep-alive connection: a few unmeasured requests, then `count` timed ones (or until the deadline)."""
    latencies, statuses, errors = [], {}, 0
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    started = None
    for i in range(warmup + count):
        if i == warmup:
            started = time.perf_counter()
        if time.monotonic() > deadline:
            break
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Host": HOST, "Accept": "text/html,application/json", **headers})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        if i >= warmup:
            latencies.append(time.perf_counter() - t0)
            statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.will_close:
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
    ended = time.perf_counter()
    conn.close()
    with lock:
        out.append((started or ended, ended, latencies, statuses, errors))


def load(
    *, name: str, port: int, path: str, headers: dict[str, str], requests: int, clients: int, max_seconds: float
) -> LoadResult:
    """Without wrk: `requests` GETs of `path` over `clients` keep-alive connections (tops out near 1,000 req/s)."""
    per_client = max(1, requests // clients)
    deadline = time.monotonic() + max_seconds
    out: list = []
    lock = threading.Lock()
    threads = [
        threading.Thread(target=_client, args=(port, path, headers, per_client, 5, deadline, out, lock))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = LoadResult(name=name, path=path)
    result.seconds = max(end for _, end, *_ in out) - min(start for start, *_ in out)
    for _, _, latencies, statuses, errors in out:
        result.latencies.extend(latencies)
        result.requests += len(latencies)
        result.errors += errors
        for status, n in statuses.items():
            result.statuses[status] = result.statuses.get(status, 0) + n
    return result


@dataclass
class Sizes:
    plain: int
    gzip_requested: int
    content_encoding: str
    gzip_possible: int


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """One GET over a fresh connection: status, headers (lower-case names) and the body as sent on the wire."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": HOST, **headers})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def response_sizes(*, port: int, path: str, headers: dict[str, str]) -> Sizes:
    """Body bytes without and with `Accept-Encoding: gzip`, and what gzip would make of the plain body."""
    _, _, plain = get(port, path, headers)
    _, gz_headers, encoded = get(port, path, {**headers, "Accept-Encoding": "gzip"})
    return Sizes(
        plain=len(plain),
        gzip_requested=len(encoded),
        content_encoding=gz_headers.get("content-encoding", "none"),
        gzip_possible=len(gzip.compress(plain, compresslevel=6)),
    )


def warm(*, port: int, path: str, headers: dict[str, str], count: int = 20) -> int:
    """A few unmeasured requests so that caches and connections are warm; the last status."""
    status = 0
    for _ in range(count):
        status, _, _ = get(port, path, headers)
    return status
