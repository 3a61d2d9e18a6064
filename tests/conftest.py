"""Fixtures every test can use."""

import os

import pytest
from django.core.cache import cache


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
