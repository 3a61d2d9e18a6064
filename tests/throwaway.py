"""Throwaway Redis and PostgreSQL servers on free ports, and a TCP proxy, for tests that stop a service on purpose.

The shared servers on 5432 and 6379 are never stopped; these are started, stopped and removed by the test.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import redis

PG_BIN = Path("/usr/lib/postgresql/15/bin")
# PostgreSQL refuses to run as root; as root, its tools run as the postgres account.
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> "ThrowawayRedis":
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return self
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class ThrowawayPostgres:
    def __init__(self):
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="omnistore-pg-"))
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        if AS_POSTGRES:
            shutil.chown(self.directory, "postgres", "postgres")
        subprocess.run(
            [
                *AS_POSTGRES,
                PG_BIN / "initdb",
                "-D",
                self.directory / "data",
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )

    def pg_ctl(self, *args: str) -> list[str]:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        return [
            *AS_POSTGRES,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-o",
            options,
            "-w",
            "-s",
            *args,
        ]

    def start(self) -> "ThrowawayPostgres":
        subprocess.run(self.pg_ctl("-l", str(self.directory / "log"), "start"), check=True, capture_output=True)
        return self

    def restart(self) -> None:
        subprocess.run(
            self.pg_ctl("-l", str(self.directory / "log"), "-m", "fast", "restart"), check=True, capture_output=True
        )

    def stop(self) -> None:
        subprocess.run(self.pg_ctl("-m", "immediate", "stop"), check=False, capture_output=True)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


class TcpProxy:
    """A loopback port that forwards to a server; stopping it refuses new connections and cuts the open ones.

    To a client that is what a database outage looks like (or a restart, once started again on the same port),
    while the server behind it, e.g. the shared PostgreSQL, keeps running.
    """

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()

    def start(self) -> "TcpProxy":
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the port again, despite TIME_WAIT
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            sockets, self.sockets = self.sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # stopped
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                if listener is not self.listener:  # stopped while connecting
                    client.close()
                    upstream.close()
                    return
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
