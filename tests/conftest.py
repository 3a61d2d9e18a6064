"""Fixtures every test can use."""

import os

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Pages and emails in Norwegian read locale/nb's .mo, which git ignores: compile what changed (as `make test`
    does), before any test asks for a translation."""
    call_command("compilemessages", ignore_patterns=[".venv", "node_modules", "staticfiles"], verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing strength is not under test; a cheap hasher keeps user-heavy tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _redis_per_worker(settings):
    """Parallel workers each get their own Redis database, because clearing the cache flushes a whole database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw"):
        location = settings.CACHES["default"]["LOCATION"].rsplit("/", 1)[0]
        settings.CACHES = {
            **settings.CACHES,
            "default": {**settings.CACHES["default"], "LOCATION": f"{location}/{10 + int(worker[2:])}"},
        }


@pytest.fixture(autouse=True)
def _clear_cache(_redis_per_worker):
    """Each test starts with an empty Redis cache (rate limits, menus)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def store(db):
    from tests.factories import LocationFactory

    return LocationFactory(code="OSL1", name="Oslo Sentrum")


@pytest.fixture
def warehouse(db):
    from tests.factories import WarehouseFactory

    return WarehouseFactory(code="WH1", name="Central Warehouse")


@pytest.fixture
def variant(db):
    from tests.factories import VariantFactory

    return VariantFactory()


@pytest.fixture
def broker():
    """Celery publishing (not eager) to a throwaway Redis, stopped to begin with."""
    from config.celery import app as celery_app
    from tests.throwaway import ThrowawayRedis

    server = ThrowawayRedis()
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = server.url, False
    celery_app._after_fork()  # forget pooled broker connections: the next publish connects to the new URL
    yield server
    server.stop()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    celery_app._after_fork()  # forget pooled broker connections: the next publish connects to the new URL
