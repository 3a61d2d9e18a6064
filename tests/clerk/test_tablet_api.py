"""The tablet's API with a clerk's own key: a till sale at their store (403 elsewhere), and an order for a customer."""

import pytest
from rest_framework.test import APIClient

from inventory.models import StockLevel
from orders.models import Order
from tests.clerk.tablet_fixtures import tablet_shop
from tests.factories import StaffFactory, UserFactory, api_token_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return tablet_shop()


@pytest.fixture
def api(shop):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(shop['clerk'])}")
    return client


def _sale(**extra) -> dict:
    return {
        "idempotency_key": "tab-1",
        "lines": [{"sku": "JKT-BLU-M", "quantity": 1, "unit_price": "499.00"}],
        "payments": [{"method": "cash", "amount": "499.00"}],
        **extra,
    }


def test_a_clerk_key_records_a_sale_at_their_store_as_a_till_does(api, shop):
    response = api.post("/api/v1/pos/sales/", _sale(customer={"email": "ola@example.com"}), format="json")

    assert response.status_code == 201, response.content
    order = Order.objects.get(number=response.json()["number"])
    assert order.location == shop["oslo"] and order.channel == "store" and order.customer.email == "ola@example.com"
    assert order.events.filter(actor=shop["clerk"]).exists()
    assert StockLevel.objects.get(location=shop["oslo"], variant=shop["blue"]).on_hand == 2
    again = api.post("/api/v1/pos/sales/", _sale(customer={"email": "ola@example.com"}), format="json")
    assert again.status_code == 200 and again.json()["number"] == order.number


def test_a_clerk_key_cannot_sell_at_another_store(api, shop):
    response = api.post("/api/v1/pos/sales/", _sale(location="BGO1"), format="json")

    assert response.status_code == 403
    assert not Order.objects.exists()


def test_a_shopper_key_cannot_sell(shop):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(UserFactory())}")

    assert client.post("/api/v1/pos/sales/", _sale(), format="json").status_code == 403


def test_an_order_for_a_customer_answers_its_number_status_and_total(api, shop):
    response = api.post(
        "/api/v1/orders/",
        {
            "customer": {"email": "ola@example.com", "name": "Ola Berg"},
            "lines": [{"sku": "JKT-RED-M", "quantity": 2}],
            "fulfilment": "pickup",
            "location": "BGO1",
            "payment": "pay_at_pickup",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"number", "status", "total"}
    assert body["status"] == "placed" and body["total"] == "1098.00"
    order = Order.objects.get(number=body["number"])
    assert order.channel == "store" and order.location == shop["bergen"] and order.customer.email == "ola@example.com"
    assert order.events.filter(actor=shop["clerk"], note__contains="Oslo Sentrum").exists()


def test_an_order_for_more_than_there_is_names_each_short_sku(api, shop):
    response = api.post(
        "/api/v1/orders/",
        {
            "customer": {"email": "ola@example.com"},
            "lines": [{"sku": "JKT-RED-M", "quantity": 50}, {"sku": "SCARF-1", "quantity": 5}],
            "fulfilment": "ship",
            "address": {"name": "Ola", "line1": "Storgata 1", "postal_code": "0155", "city": "Oslo"},
            "payment": "card",
        },
        format="json",
    )

    assert response.status_code == 409
    text = response.content.decode()
    assert "JKT-RED-M" in text and "SCARF-1" in text
    assert not Order.objects.exists()


def test_the_order_list_still_answers_staff(api, shop):
    assert api.get("/api/v1/orders/").status_code == 200


def test_ordering_needs_the_permission(shop):
    client = APIClient()
    viewer = StaffFactory(username="viewer", role="clerk", location=shop["oslo"])
    viewer.groups.clear()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(viewer)}")

    response = client.post("/api/v1/orders/", {}, format="json")

    assert response.status_code == 403


def _order(**extra) -> dict:
    return {
        "customer": {"email": "ola@example.com", "name": "Ola Berg"},
        "lines": [{"sku": "JKT-RED-M", "quantity": 1}],
        "fulfilment": "pickup",
        "location": "BGO1",
        "payment": "card",
        **extra,
    }


def test_an_order_sent_again_with_its_idempotency_key_header_is_the_same_order(api, shop):
    first = api.post("/api/v1/orders/", _order(), format="json", HTTP_IDEMPOTENCY_KEY="tab-7")
    again = api.post("/api/v1/orders/", _order(), format="json", HTTP_IDEMPOTENCY_KEY="tab-7")
    other = api.post("/api/v1/orders/", _order(), format="json", HTTP_IDEMPOTENCY_KEY="tab-8")

    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["number"] == first.json()["number"]
    assert other.status_code == 201 and other.json()["number"] != first.json()["number"]
    assert Order.objects.count() == 2
    assert StockLevel.objects.get(location=shop["bergen"], variant=shop["red"]).reserved == 2


def test_an_order_sent_again_with_its_idempotency_key_in_the_body_is_the_same_order(api, shop):
    first = api.post("/api/v1/orders/", _order(idempotency_key="tab-9"), format="json")
    again = api.post("/api/v1/orders/", _order(idempotency_key="tab-9"), format="json")

    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["number"] == first.json()["number"]
    assert Order.objects.count() == 1


def test_a_key_too_long_is_refused_and_places_nothing(api, shop):
    response = api.post("/api/v1/orders/", _order(), format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)

    assert response.status_code == 400
    assert "idempotency key" in response.content.decode()
    assert not Order.objects.exists()
