"""Fixtures every test can use."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty Redis cache (rate limits, menus)."""
    cache.clear()
    yield
    cache.clear()
