"""Marketplace and social orders through /api/v1/channel-orders/ with a channel's device token."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from channels.services.devices import device_client_create
from customers.models import Customer
from inventory.models import StockLevel, StockMovement
from loyalty.models import PointsEntry
from orders.models import Order
from tests.factories import CustomerFactory, StaffFactory, api_token_key

pytestmark = pytest.mark.django_db


def marketplace(channel="marketplace", scopes=("channel:orders",)) -> APIClient:
    client = APIClient()
    _, key = device_client_create(name="FINN", channel=channel, scopes=scopes)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def order_body(shop, *, external_id="FINN-1001", **extra) -> dict:
    return {
        "external_id": external_id,
        "customer": {"email": "Ingrid@Example.com", "name": "Ingrid Berg"},
        "lines": [{"sku": shop["cap"].sku, "quantity": 2, "unit_price": "139.00"}],
        "fulfilment": "ship",
        "address": {"name": "Ingrid Berg", "line1": "Bryggen 1", "postal_code": "5003", "city": "Bergen"},
        **extra,
    }


def reserved(location, variant) -> int:
    return StockLevel.objects.get(location=location, variant=variant).reserved


def test_an_order_sent_three_times_exists_once_and_holds_its_stock_once(shop, ledger_ok):
    api = marketplace()
    answers = [api.post("/api/v1/channel-orders/", order_body(shop), format="json") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [201, 200, 200]
    assert len({answer.json()["number"] for answer in answers}) == 1
    order = Order.objects.get()
    assert (order.channel, order.external_id, order.status, order.payment_status) == (
        "marketplace",
        "FINN-1001",
        "placed",
        "paid",
    )
    assert order.total == Decimal("278.00") and order.customer.email == "ingrid@example.com"
    assert order.customer.first_name == "Ingrid"
    total_reserved = reserved(shop["store"], shop["cap"]) + reserved(shop["warehouse"], shop["cap"])
    assert total_reserved == 2
    ledger_ok()


def test_staff_find_it_by_external_id_and_the_customer_sees_it_with_its_channel(shop, client):
    marketplace().post("/api/v1/channel-orders/", order_body(shop), format="json")
    marketplace("social").post("/api/v1/channel-orders/", order_body(shop, external_id="IG-7"), format="json")
    staff = APIClient()
    staff.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(StaffFactory(location=shop['store']))}")
    found = staff.get("/api/v1/orders/", {"external_id": "IG-7"}).json()["results"]
    assert [(row["external_id"], row["channel"]) for row in found] == [("IG-7", "social")]
    customer = Customer.objects.get(email="ingrid@example.com")
    assert set(customer.orders.values_list("channel", flat=True)) == {"marketplace", "social"}


def test_pickup_at_a_store_is_held_there_and_status_updates_fulfil_it_and_earn_points(shop, ledger_ok):
    api = marketplace()
    body = order_body(shop, fulfilment="pickup", location="OSL1")
    number = api.post("/api/v1/channel-orders/", body, format="json").json()["number"]
    assert reserved(shop["store"], shop["cap"]) == 2
    for step in ("picking", "ready", "completed"):
        response = api.patch("/api/v1/channel-orders/FINN-1001/", {"status": step}, format="json")
        assert response.status_code == 200 and response.json()["status"] == step
    again = api.patch("/api/v1/channel-orders/FINN-1001/", {"status": "completed"}, format="json")
    assert again.status_code == 200
    assert StockLevel.objects.get(location=shop["store"], variant=shop["cap"]).on_hand == 3
    assert StockMovement.objects.filter(kind="fulfil", reference=number).count() == 1
    assert PointsEntry.objects.get(key=f"order:{number}").points == 278  # 1 point per krone (LOYALTY_POINTS_PER_UNIT)
    ledger_ok()


def test_a_step_the_order_cannot_take_is_409_and_another_channel_cannot_touch_it(shop):
    api = marketplace()
    api.post("/api/v1/channel-orders/", order_body(shop), format="json")
    assert api.patch("/api/v1/channel-orders/FINN-1001/", {"status": "completed"}, format="json").status_code == 409
    other = marketplace("social").patch("/api/v1/channel-orders/FINN-1001/", {"status": "cancelled"}, format="json")
    assert other.status_code == 404
    assert Order.objects.get().status == "placed"


def test_a_till_token_cannot_send_channel_orders_and_a_channel_token_cannot_sell(shop):
    till = APIClient()
    _, key = device_client_create(name="Till", location=shop["store"], scopes=["pos:sale", "channel:orders"])
    till.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert till.post("/api/v1/channel-orders/", order_body(shop), format="json").status_code == 403
    sale = {"idempotency_key": "x", "lines": [], "payments": []}
    seller = marketplace(scopes=("channel:orders", "pos:sale"))
    assert seller.post("/api/v1/pos/sales/", sale, format="json").status_code == 403
    assert not Order.objects.exists()


def test_more_than_can_be_promised_is_409_and_nothing_is_written(shop):
    body = order_body(shop)
    body["lines"][0]["quantity"] = 99
    response = marketplace().post("/api/v1/channel-orders/", body, format="json")
    assert response.status_code == 409 and shop["cap"].sku in response.json()["message"]
    assert not Order.objects.exists()


def test_a_phone_sent_with_the_order_is_saved_on_the_profile_read_in_the_delivery_country(shop):
    ingrid = CustomerFactory(email="ingrid@example.com", phone=None)
    body = order_body(
        shop,
        customer={"email": "ingrid@example.com", "phone": "070-123 45 67", "name": "Ingrid Berg"},
        address={
            "name": "Ingrid Berg",
            "line1": "Drottninggatan 1",
            "postal_code": "111 51",
            "city": "Stockholm",
            "country": "SE",
        },
    )

    response = marketplace().post("/api/v1/channel-orders/", body, format="json")

    assert response.status_code == 201, response.json()
    ingrid.refresh_from_db()
    assert ingrid.phone == "+46701234567"
    assert Order.objects.get().customer == ingrid


def test_a_phone_sent_with_the_order_never_replaces_the_one_on_the_profile(shop):
    ingrid = CustomerFactory(email="ingrid@example.com", phone="+4722334455")
    body = order_body(shop, customer={"email": "ingrid@example.com", "phone": "412 34 567", "name": "Ingrid Berg"})

    response = marketplace().post("/api/v1/channel-orders/", body, format="json")

    assert response.status_code == 201, response.json()
    ingrid.refresh_from_db()
    assert ingrid.phone == "+4722334455"
