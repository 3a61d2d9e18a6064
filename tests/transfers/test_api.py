"""The transfer API: drafted by whom the rule allows, shipped at the source, received at the destination."""

import pytest
from rest_framework.test import APIClient

from inventory.models import StockLevel
from inventory.services import stock_receive
from tests.factories import StaffFactory, VariantFactory
from transfers.models import Transfer

pytestmark = pytest.mark.django_db


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def shirt(db):
    return VariantFactory(sku="TEE-M")


@pytest.fixture
def clerk(store):
    return StaffFactory(role="clerk", location=store)


@pytest.fixture
def manager(store):
    return StaffFactory(role="store manager", location=store)


def test_transfer_flow_through_the_api(store, warehouse, shirt):
    warehouse_manager = StaffFactory(role="store manager", location=warehouse)
    store_clerk = StaffFactory(role="clerk", location=store)
    stock_receive(location=warehouse, variant=shirt, quantity=10)

    created = as_user(warehouse_manager).post(
        "/api/v1/transfers/",
        {"source": "WH1", "destination": "OSL1", "lines": [{"sku": "TEE-M", "quantity": 4}], "note": "Weekly"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    transfer_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["lines"] == [{"sku": "TEE-M", "quantity": 4}]

    assert as_user(store_clerk).post(f"/api/v1/transfers/{transfer_id}/ship/").status_code == 403
    shipped = as_user(warehouse_manager).post(f"/api/v1/transfers/{transfer_id}/ship/")
    assert shipped.status_code == 200 and shipped.json()["status"] == "in_transit"

    assert as_user(warehouse_manager).post(f"/api/v1/transfers/{transfer_id}/receive/").status_code == 403
    received = as_user(store_clerk).post(f"/api/v1/transfers/{transfer_id}/receive/")
    assert received.status_code == 200 and received.json()["status"] == "received"

    assert StockLevel.objects.get(location=warehouse).on_hand == 6
    assert StockLevel.objects.get(location=store).on_hand == 4


def test_clerk_cannot_create_a_transfer(clerk, warehouse, shirt):
    response = as_user(clerk).post(
        "/api/v1/transfers/",
        {"source": "OSL1", "destination": "WH1", "lines": [{"sku": "TEE-M", "quantity": 1}]},
        format="json",
    )
    assert response.status_code == 403
    assert not Transfer.objects.exists()


def test_transfer_to_the_same_location_is_a_400(manager, shirt):
    response = as_user(manager).post(
        "/api/v1/transfers/",
        {"source": "OSL1", "destination": "OSL1", "lines": [{"sku": "TEE-M", "quantity": 1}]},
        format="json",
    )
    assert response.status_code == 400
    assert "destination" in response.json()["fields"]
    assert not Transfer.objects.exists()


def test_shipping_more_than_the_source_has_is_a_409(manager, store, warehouse, shirt):
    stock_receive(location=store, variant=shirt, quantity=1)
    created = as_user(manager).post(
        "/api/v1/transfers/",
        {"source": "OSL1", "destination": "WH1", "lines": [{"sku": "TEE-M", "quantity": 2}]},
        format="json",
    )
    response = as_user(manager).post(f"/api/v1/transfers/{created.json()['id']}/ship/")
    assert response.status_code == 409
    assert response.json()["lines"] == [{"sku": "TEE-M", "requested": 2, "available": 1}]
    assert Transfer.objects.get().status == "draft"
