"""Fixtures every test can use."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing strength is not under test; a cheap hasher keeps user-heavy tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
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
