"""Throwaway Redis and PostgreSQL servers on free ports, for tests that stop a service on purpose.

The shared servers on 5432 and 6379 are never stopped; these are started, stopped and removed by the test.
"""

import os
import shutil
import socket
import subprocess
import tempfile
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
