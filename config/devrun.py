"""`make run`: prepare PostgreSQL, migrate, seed the demo once, start Celery when Redis answers, serve the shop.

Run as `python -m config.devrun` from the project root. Everything it starts runs in its own process group,
so Ctrl-C (SIGINT) or SIGTERM stops all of it, with or without a terminal.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/omnistore"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}
INSTALL_HINT = "PostgreSQL is not installed: sudo apt-get install -y postgresql redis-server"
STOP_GRACE_SECONDS = 10


def say(message: str) -> None:
    """One line of progress on stderr, so it never mixes with the server's own output."""
    print(f"[make run] {message}", file=sys.stderr, flush=True)


def database_params(url: str) -> dict:
    """psycopg connection parameters of a postgres:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"DATABASE_URL must be postgres://…, not {parts.scheme}://")
    return {
        "host": unquote(parts.hostname or "127.0.0.1"),
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password or "") or None,
        "dbname": unquote(parts.path.lstrip("/")) or "omnistore",
    }


def postgres_problem(params: dict) -> str | None:
    """None when the server accepts us; otherwise psycopg's reason, on one line."""
    import psycopg

    try:
        with psycopg.connect(**{**params, "dbname": "postgres"}, connect_timeout=2):
            return None
    except psycopg.OperationalError as exc:
        return " ".join(str(exc).split())


def postgres_is_down(problem: str) -> bool:
    """Nothing listens (as opposed to a server that answers but refuses our user or password)."""
    return any(sign in problem for sign in ("Connection refused", "No such file or directory", "timeout expired"))


def postgres_start(params: dict) -> None:
    """Start the local cluster when nothing answers; say what to install when there is none."""
    if params["host"] not in LOCAL_HOSTS:
        raise SystemExit(f"PostgreSQL at {params['host']}:{params['port']} does not answer: check DATABASE_URL.")
    clusters = Path("/etc/postgresql")
    if not shutil.which("pg_ctlcluster") or not clusters.is_dir() or not any(clusters.iterdir()):
        say(INSTALL_HINT)
        raise SystemExit(1)
    version = max((p.name for p in clusters.iterdir()), key=lambda name: [int(x) for x in name.split(".")])
    say(f"PostgreSQL does not answer on {params['host']}:{params['port']}: starting cluster {version}/main.")
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],  # noqa: S607
        check=False,
        stdin=subprocess.DEVNULL,
    )
    for _ in range(60):
        if postgres_problem(params) is None:
            return
        time.sleep(0.5)
    raise SystemExit("PostgreSQL did not start: see /var/log/postgresql/ for why.")


def database_ensure(params: dict) -> None:
    """Create the database named in DATABASE_URL if it does not exist yet."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["dbname"]]).fetchone()
        if not exists:
            say(f"Creating database {params['dbname']}.")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["dbname"])))


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def prepare_database() -> None:
    """migrate, collectstatic (only without DEBUG) and seed_demo, in one process so Django starts once."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False)
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo")


class Processes:
    """The long-running children, each in its own process group so a stop reaches their own children too."""

    def __init__(self):
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], *, env: dict) -> subprocess.Popen:
        proc = subprocess.Popen(  # noqa: S603
            args, cwd=BASE_DIR, env=env, stdin=subprocess.DEVNULL, start_new_session=True
        )
        self.running[name] = proc
        return proc

    def stop_all(self) -> None:
        for proc in self.running.values():
            self._signal(proc, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for proc in self.running.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
        # Kill what is left, including grandchildren (the autoreloader's server, prefork workers).
        for proc in self.running.values():
            self._signal(proc, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=2)
        self.running.clear()

    @staticmethod
    def _signal(proc: subprocess.Popen, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)


def print_welcome(port: str) -> None:
    password = os.environ.get("DEMO_PASSWORD", "omnistore-demo")
    base = f"http://127.0.0.1:{port}"
    lines = [
        "",
        f"Omnistore is running on {base}/",
        f"  shop        {base}/",
        f"  staff       {base}/admin/",
        f"  clerk       {base}/clerk/",
        f"  API docs    {base}/api/docs/",
        f"  health      {base}/healthz",
        f"Demo logins (password: {password}):",
        "  admin                 superuser (staff console)",
        "  clerk                 clerk at Oslo Sentrum (OSL1)",
        "  manager               store manager at Oslo Sentrum (OSL1)",
        "  shopper@example.com   shopper with orders in store, online and from a marketplace",
        f"Emails: {email_destination()}",
        "Press Ctrl-C to stop.",
        "",
    ]
    print("\n".join(lines), flush=True)


def email_destination() -> str:
    """Where the shop's emails go in this run, so nobody hunts for a sign-up link."""
    url = os.environ.get("EMAIL_URL", "consolemail://")
    if url.startswith("consolemail"):
        return "printed in this terminal (set EMAIL_URL=filemail:///tmp/omnistore-mail to keep them as files)"
    if url.startswith("filemail"):
        return f"written as files to {url.split('://', 1)[1] or '.'}"
    return f"sent through {url.split('://', 1)[0]} (EMAIL_URL)"


class Interrupted(Exception):
    """Ctrl-C or SIGTERM while the database is being prepared."""


class Stop:
    """Signal handler: before serving it aborts the preparation; while serving it asks the main loop to stop."""

    def __init__(self):
        self.requested = False
        self.serving = False

    def __call__(self, signum, frame):
        self.requested = True
        if not self.serving:
            raise Interrupted


def main() -> int:
    stop = Stop()
    # Installed explicitly: a shell without job control starts background jobs with SIGINT ignored.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        code = run(stop)
    except Interrupted:
        code = 0
    if stop.requested:
        say("Stopped.")
    return code


def run(stop: Stop) -> int:
    os.chdir(BASE_DIR)
    env, port = run_environment()
    if port_answers(int(port)):
        raise SystemExit(
            f"Something already listens on 127.0.0.1:{port}: stop it or choose another port, e.g. PORT=8001."
        )
    postgres_ready(database_params(env["DATABASE_URL"]))
    prepare = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "config.devrun", "--prepare"], cwd=BASE_DIR, env=env, stdin=subprocess.DEVNULL
    )
    if prepare.returncode != 0:
        raise SystemExit(f"Preparing the database failed (exit {prepare.returncode}).")

    processes = Processes()
    beat_dir = tempfile.mkdtemp(prefix="omnistore-beat-")
    try:
        background_start(processes, env=env, beat_dir=beat_dir)
        # migrate has just run the system checks.
        runserver = [sys.executable, "manage.py", "runserver", "--skip-checks", f"127.0.0.1:{port}"]
        server = processes.start("runserver", runserver, env=env)
        stop.serving = True
        exit_code = serve(processes, server=server, port=port, stop=stop)
        if stop.requested:
            say("Stopping …")
        return exit_code
    finally:
        stop.serving = True  # a second Ctrl-C must not interrupt the clean-up
        processes.stop_all()
        shutil.rmtree(beat_dir, ignore_errors=True)


def run_environment() -> tuple[dict, str]:
    """The children's environment (development defaults under what is set) and the port to serve on."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env.setdefault("DEBUG", "1")
    env["DATABASE_URL"] = env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    env["REDIS_URL"] = env.get("REDIS_URL") or DEFAULT_REDIS_URL
    env["PYTHONUNBUFFERED"] = "1"
    port = env.get("PORT") or "8000"
    # Links in emails lead to the shop this run serves (the Site is set from it at migrate).
    env["SHOP_URL"] = f"http://127.0.0.1:{port}"
    return env, port


def postgres_ready(params: dict) -> None:
    """A server that accepts us, started here if it is local and down, with the database created."""
    problem = postgres_problem(params)
    if problem and postgres_is_down(problem):
        postgres_start(params)
    elif problem:
        raise SystemExit(f"PostgreSQL refused the connection ({problem}): check the user and password in DATABASE_URL.")
    database_ensure(params)


def background_start(processes: Processes, *, env: dict, beat_dir: str) -> None:
    """A Celery worker and beat when Redis answers; otherwise tasks inline and the cache in memory (env changes)."""
    if redis_answers(env["REDIS_URL"]):
        celery = [sys.executable, "-m", "celery", "-A", "config"]
        processes.start("celery worker", [*celery, "worker", "-l", "INFO", "--concurrency", "2"], env=env)
        # Beat keeps its schedule in a temporary directory: nothing is written next to the code.
        beat_schedule = os.path.join(beat_dir, "celerybeat-schedule")
        processes.start("celery beat", [*celery, "beat", "-l", "INFO", "--schedule", beat_schedule], env=env)
    else:
        say(f"Redis not reachable at {env['REDIS_URL']}: background tasks run inline, the cache is in memory.")
        env["CELERY_TASK_ALWAYS_EAGER"] = "1"
        env.setdefault("CACHE_URL", "locmemcache://")


def serve(processes: Processes, *, server: subprocess.Popen, port: str, stop: Stop) -> int:
    """Watch the children until a stop is asked for or the web server ends; the exit code to return."""
    welcomed = False
    while not stop.requested:
        if not welcomed and port_answers(int(port)):
            # Printed once the server answers, so the logins are the last thing on the screen.
            print_welcome(port)
            welcomed = True
        if server.poll() is not None:
            say(f"The web server stopped (exit {server.returncode}).")
            return server.returncode or 1
        for name, proc in list(processes.running.items()):
            if proc is not server and proc.poll() is not None:
                say(f"{name} stopped (exit {proc.returncode}); the shop keeps running.")
                del processes.running[name]
        time.sleep(0.3)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        try:
            prepare_database()
        except KeyboardInterrupt:
            sys.exit(130)
    else:
        sys.exit(main())
