"""`make run` (config.devrun): the parts that decide what to start and how everything is stopped."""

import os
import sys
import time

import pytest

from config import devrun


def test_database_url_is_split_into_connection_parameters():
    params = devrun.database_params("postgres://shop:s%40cret@db.internal:6543/omni")
    assert params == {"host": "db.internal", "port": 6543, "user": "shop", "password": "s@cret", "dbname": "omni"}
    assert devrun.database_params(devrun.DEFAULT_DATABASE_URL)["dbname"] == "omnistore"


def test_a_non_postgres_database_url_is_refused():
    with pytest.raises(SystemExit, match="postgres"):
        devrun.database_params("sqlite:///db.sqlite3")


def test_without_postgresql_installed_it_says_what_to_install_in_one_line(monkeypatch, capsys):
    monkeypatch.setattr(devrun.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit) as stopped:
        devrun.postgres_start(devrun.database_params(devrun.DEFAULT_DATABASE_URL))
    assert stopped.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"[make run] {devrun.INSTALL_HINT}"]


def test_a_remote_database_that_does_not_answer_is_not_started_here():
    with pytest.raises(SystemExit, match="does not answer"):
        devrun.postgres_start(devrun.database_params("postgres://postgres@db.example.com:5432/shop"))


def test_redis_that_does_not_answer_is_reported_as_down():
    # Port 1 on loopback: nothing listens there.
    assert devrun.redis_answers("redis://127.0.0.1:1/0") is False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose: it waits only for its parent to read its status.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


def _children_of(parent: int) -> list[int]:
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[-1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                children.append(int(entry))
    return children


def test_stop_all_ends_each_child_and_the_processes_it_started():
    processes = devrun.Processes()
    # A child that starts a grandchild of its own, as the autoreloader and Celery's prefork pool do.
    script = "import subprocess, time; subprocess.Popen(['sleep', '300']); time.sleep(300)"
    proc = processes.start("parent", [sys.executable, "-c", script], env=dict(os.environ))
    deadline = time.monotonic() + 20
    grandchildren: list[int] = []
    while not grandchildren and time.monotonic() < deadline:
        grandchildren = _children_of(proc.pid)
        time.sleep(0.05)
    assert grandchildren, "the child did not start its own child"
    processes.stop_all()
    assert proc.poll() is not None
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in grandchildren) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in grandchildren)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("consolemail://", "printed in this terminal"),
        ("filemail:///tmp/omnistore-mail", "written as files to /tmp/omnistore-mail"),
        ("smtp://mail.example.com:587", "sent through smtp"),
    ],
)
def test_make_run_says_where_emails_go(monkeypatch, url, said):
    monkeypatch.setenv("EMAIL_URL", url)
    assert said in devrun.email_destination()
