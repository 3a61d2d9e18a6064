"""Who may draft a transfer is one rule: the staff console's transfer form, its reorder page and the API allow and
refuse the same user for the same transfer (from their own store, or to it from a warehouse; never another store's
stock towards their own)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inventory.models import Location, StockLevel
from inventory.services import stock_receive
from tests.factories import LocationFactory, StaffFactory, VariantFactory, WarehouseFactory
from transfers.models import Transfer
from transfers.permissions import can_draft_transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    VariantFactory(sku="TEE-M")
    return {
        "own store": LocationFactory(code="OSL1", name="Oslo Sentrum"),
        "other store": LocationFactory(code="BGN1", name="Bergen Torget"),
        "warehouse": WarehouseFactory(code="WH1", name="Central Warehouse"),
    }


def _drafted_in_the_admin(client, user, source, destination) -> bool:
    client.force_login(user)
    client.post(
        reverse("admin:transfers_transfer_add"),
        {
            "source": source.pk,
            "destination": destination.pk,
            "note": "",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-sku": "TEE-M",
            "lines-0-quantity": "1",
        },
    )
    drafted = Transfer.objects.filter(source=source, destination=destination).exists()
    Transfer.objects.all().delete()
    return drafted


def _drafted_on_the_reorder_page(client, user, source, destination) -> bool:
    """The reorder page drafts from a warehouse to the store whose suggestion is ticked."""
    variant = VariantFactory()
    stock_receive(location=destination, variant=variant, quantity=1)
    level = StockLevel.objects.get(location=destination, variant=variant)
    StockLevel.objects.filter(pk=level.pk).update(reorder_point=5, reorder_quantity=4)
    client.force_login(user)
    client.post(
        reverse("admin:inventory_stocklevel_reorder") + "?location=all", {"source": source.pk, "level": [level.pk]}
    )
    drafted = Transfer.objects.filter(source=source, destination=destination).exists()
    Transfer.objects.all().delete()
    return drafted


def _drafted_through_the_api(user, source, destination) -> bool:
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(
        "/api/v1/transfers/",
        {"source": source.code, "destination": destination.code, "lines": [{"sku": "TEE-M", "quantity": 1}]},
        format="json",
    )
    assert response.status_code in (201, 403), response.content
    drafted = Transfer.objects.filter(source=source, destination=destination).exists()
    assert drafted == (response.status_code == 201)
    Transfer.objects.all().delete()
    return drafted


@pytest.mark.parametrize(
    "role, home, source, destination, allowed",
    [
        ("store manager", "own store", "own store", "other store", True),  # sending from their shelves
        ("store manager", "own store", "warehouse", "own store", True),  # asking the warehouse for goods
        ("store manager", "own store", "other store", "own store", False),  # another store's stock is theirs to send
        ("store manager", "own store", "warehouse", "other store", False),  # not their store at either end
        ("store manager", "warehouse", "warehouse", "other store", True),  # the warehouse supplying a store
        ("clerk", "own store", "own store", "other store", False),  # a clerk receives transfers, never drafts them
    ],
)
def test_the_console_and_the_api_allow_and_refuse_the_same_user_for_the_same_transfer(
    client, places, role, home, source, destination, allowed
):
    user = StaffFactory(role=role, location=places[home])
    source, destination = places[source], places[destination]

    in_the_admin = _drafted_in_the_admin(client, user, source, destination)
    through_the_api = _drafted_through_the_api(user, source, destination)

    assert in_the_admin == through_the_api == can_draft_transfer(user, source=source, destination=destination)
    assert in_the_admin is allowed
    if source.kind == Location.Kind.WAREHOUSE:
        assert _drafted_on_the_reorder_page(client, user, source, destination) is allowed
