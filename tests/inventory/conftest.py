"""Fixtures for the stock ledger tests."""

import pytest

from inventory.models import StockLevel
from inventory.selectors import ledger_check, stock_levels_out_of_balance


def assert_ledger_consistent() -> None:
    """Every stock level is explained by its ledger and its open reservations, and nothing is negative."""
    for level in StockLevel.objects.all():
        check = ledger_check(level)
        assert check.ok, f"{level.pk}: {check.problems}"
    assert not stock_levels_out_of_balance().exists()


@pytest.fixture
def ledger_ok():
    return assert_ledger_consistent


@pytest.fixture
def other_store(db):
    from tests.factories import LocationFactory

    return LocationFactory(code="BGN1", name="Bergen Torget")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Staff users are made in most tests here; the production hasher's cost is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
