"""Entry points that write own their transaction: run inside someone else's, they refuse instead of silently
waiting for an outer commit (the style guide's durable=True on the outermost entry points)."""

from pathlib import Path

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from inventory.models import StockLevel
from tests.factories import LocationFactory, StaffFactory, VariantFactory, api_token_key

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db(transaction=True)
def test_a_stock_receive_through_the_api_commits_on_its_own_and_refuses_to_nest():
    store, variant = LocationFactory(code="OSL1"), VariantFactory()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(StaffFactory(location=store))}")
    body = {"location": "OSL1", "sku": variant.sku, "quantity": 3, "reason": "delivery"}

    assert api.post("/api/v1/stock/receive/", body, format="json").status_code == 201
    assert StockLevel.objects.get(location=store, variant=variant).on_hand == 3

    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        api.post("/api/v1/stock/receive/", {**body, "reference": "again"}, format="json")
    assert StockLevel.objects.get(location=store, variant=variant).on_hand == 3


@pytest.mark.parametrize("package", ["customers", "loyalty"])
def test_customer_and_points_locks_leave_keys_alone_and_lock_only_their_own_rows(package):
    """FOR NO KEY UPDATE OF the row itself: a lock here never blocks inserts of orders or entries pointing at it."""
    loose = []
    for path in (ROOT / package).rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if "select_for_update(" in line and ("no_key=True" not in line or 'of=("self",)' not in line):
                loose.append(f"{path.relative_to(ROOT)}:{number}")
    assert loose == []
