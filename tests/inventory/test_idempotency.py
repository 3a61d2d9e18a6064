"""Receive, adjust and count by reference: a retry returns the first result, a reused reference is a 409."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from inventory.models import StockLevel, StockMovement
from inventory.services import stock_receive
from tests.factories import UserFactory, VariantFactory


@pytest.fixture
def boss(db):
    return UserFactory(is_staff=True, is_superuser=True)


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def shirt(db):
    return VariantFactory(sku="TEE-M")


def on_hand(store, variant) -> int:
    return StockLevel.objects.get(location=store, variant=variant).on_hand


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/stock/receive/", {"quantity": 4}),
        ("/api/v1/stock/adjust/", {"quantity": -2, "reason": "damaged"}),
        ("/api/v1/stock/count/", {"quantity": 7}),
    ],
)
def test_a_retry_with_the_same_reference_returns_the_first_result(boss, store, shirt, path, payload):
    stock_receive(location=store, variant=shirt, quantity=10)
    body = {"location": "OSL1", "sku": "TEE-M", "reference": "DOC-1", **payload}
    first = api_for(boss).post(path, body, format="json")
    assert first.status_code == 201, first.content
    after_first = on_hand(store, shirt)

    again = api_for(boss).post(path, body, format="json")

    assert again.status_code == 200
    assert again.json()["movement"] == first.json()["movement"]
    assert on_hand(store, shirt) == after_first
    assert StockMovement.objects.filter(reference="DOC-1").count() == 1


@pytest.mark.django_db
def test_a_late_retried_count_does_not_reset_stock_to_a_stale_figure(boss, store, shirt):
    body = {"location": "OSL1", "sku": "TEE-M", "quantity": 5, "reference": "COUNT-1"}
    assert api_for(boss).post("/api/v1/stock/count/", body, format="json").status_code == 201
    stock_receive(location=store, variant=shirt, quantity=3)

    assert api_for(boss).post("/api/v1/stock/count/", body, format="json").status_code == 200
    assert on_hand(store, shirt) == 8


@pytest.mark.django_db
def test_the_same_reference_with_other_content_is_a_409_and_changes_nothing(boss, store, shirt):
    body = {"location": "OSL1", "sku": "TEE-M", "quantity": 4, "reference": "DN-9"}
    assert api_for(boss).post("/api/v1/stock/receive/", body, format="json").status_code == 201

    response = api_for(boss).post("/api/v1/stock/receive/", {**body, "quantity": 5}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "reference_reused"
    assert on_hand(store, shirt) == 4


@pytest.mark.django_db
def test_a_reference_is_per_kind_and_location(boss, store, warehouse, shirt):
    body = {"location": "OSL1", "sku": "TEE-M", "quantity": 4, "reference": "DOC-2"}
    assert api_for(boss).post("/api/v1/stock/receive/", body, format="json").status_code == 201
    assert api_for(boss).post("/api/v1/stock/receive/", {**body, "location": "WH1"}, format="json").status_code == 201
    assert api_for(boss).post("/api/v1/stock/count/", body, format="json").status_code == 201


@pytest.mark.django_db
def test_without_a_reference_every_request_counts(boss, store, shirt):
    body = {"location": "OSL1", "sku": "TEE-M", "quantity": 2}
    for _ in range(2):
        assert api_for(boss).post("/api/v1/stock/receive/", body, format="json").status_code == 201
    assert on_hand(store, shirt) == 4


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_identical_receives_make_one_movement(store, shirt):
    boss = UserFactory(is_staff=True, is_superuser=True)
    body = {"location": "OSL1", "sku": "TEE-M", "quantity": 3, "reference": "DN-RACE"}
    barrier = threading.Barrier(2)
    answers = []

    def send():
        try:
            client = api_for(boss)
            barrier.wait()
            response = client.post("/api/v1/stock/receive/", body, format="json")
            answers.append((response.status_code, response.json()["movement"]["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(code for code, _ in answers) == [200, 201]
    assert len({movement for _, movement in answers}) == 1
    assert StockMovement.objects.filter(reference="DN-RACE").count() == 1
    assert on_hand(store, shirt) == 3
