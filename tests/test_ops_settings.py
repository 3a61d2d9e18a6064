"""Operator-facing settings: the benchmark view is off unless enabled, filemail paths, no unused dependencies."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from config.settings.helpers import email_file_path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_trivial_view_is_not_served_by_default(client, settings, db):
    settings.BENCH_TRIVIAL_VIEW = False
    assert client.get("/bench/trivial").status_code == 404


def test_bench_trivial_view_is_served_when_the_benchmark_enables_it(client, settings):
    settings.BENCH_TRIVIAL_VIEW = True
    response = client.get("/bench/trivial")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_settings_find_the_repository_root(settings):
    assert Path(settings.BASE_DIR) == ROOT
    assert settings.TEMPLATES[0]["DIRS"] == [ROOT / "templates"]
    assert settings.STATICFILES_DIRS == [ROOT / "static"]


def test_a_development_env_file_at_the_repository_root_is_read(tmp_path):
    # A copy of the settings package in a fake checkout: its .env, not the real one, must be read.
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "config" / "settings", checkout / "config" / "settings")
    (checkout / "config" / "__init__.py").write_text("")
    (checkout / ".env").write_text("SHOP_NAME=Shop from dotenv\n")
    script = "from config.settings import BASE_DIR, SHOP_NAME; print(BASE_DIR, SHOP_NAME, sep='|')"
    environment = {k: v for k, v in os.environ.items() if k != "SHOP_NAME"} | {"PYTHONPATH": f"{checkout}:{ROOT}"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=checkout, env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{checkout}|Shop from dotenv"


def test_filemail_url_keeps_an_absolute_path():
    assert email_file_path("filemail:///var/mail/shop") == "/var/mail/shop"
    assert email_file_path("filemail://mail/out") == "mail/out"


def test_filemail_url_in_the_environment_writes_mail_to_that_directory(tmp_path):
    outbox = tmp_path / "mail"
    script = (
        "import django; django.setup();"
        "from django.conf import settings; from django.core.mail import send_mail;"
        "print(settings.EMAIL_FILE_PATH);"
        "send_mail('Hello', 'Body', 'shop@example.com', ['someone@example.com'])"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "EMAIL_URL": f"filemail://{outbox}"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(outbox)
    assert [p.read_text().count("Subject: Hello") for p in outbox.iterdir()] == [1]


def test_unused_dependencies_are_not_installed_or_configured(settings):
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {d.split("==")[0].split("[")[0].lower() for d in declared}
    assert not names & {"django-import-export", "tablib"}
    assert "import_export" not in settings.INSTALLED_APPS
