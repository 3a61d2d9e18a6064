"""The app's cart and checkout: /api/v1/me/cart/, /me/checkout/, /me/orders/<number>/ — and bad input refused."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.outbox import outbox_drain
from inventory.models import Reservation, StockLevel
from orders.models import CartLine, Order
from tests.customers.factories import order_with_lines, shopper
from tests.factories import CustomerFactory, VariantFactory, api_token_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(shop):
    user, customer = shopper("kari@example.com")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    client.customer = customer
    return client


def _add(app, sku, quantity=1):
    return app.post("/api/v1/me/cart/", {"sku": sku, "quantity": quantity}, format="json")


def test_cart_add_read_change_and_remove(app, shop):
    jacket, cap = shop["jacket"].sku, shop["cap"].sku
    assert _add(app, jacket, 2).status_code == 201
    assert _add(app, cap).status_code == 201
    body = app.get("/api/v1/me/cart/").json()
    assert [(line["sku"], line["quantity"], line["unit_price"], line["line_total"]) for line in body["lines"]] == [
        (jacket, 2, "499.00", "998.00"),
        (cap, 1, "149.50", "149.50"),
    ]
    assert body["total"] == "1147.50"
    assert app.patch(f"/api/v1/me/cart/{jacket}/", {"quantity": 1}, format="json").json()["total"] == "648.50"
    assert app.delete(f"/api/v1/me/cart/{cap}/").status_code == 204
    assert app.delete(f"/api/v1/me/cart/{cap}/").status_code == 404
    assert [line["sku"] for line in app.get("/api/v1/me/cart/").json()["lines"]] == [jacket]


@pytest.mark.parametrize("quantity", [0, -1, 10**9, 1.5, "two", None, True])
def test_bad_quantities_are_a_400_naming_the_field_and_write_nothing(app, shop, quantity):
    payload = {"sku": shop["jacket"].sku} if quantity is None else {"sku": shop["jacket"].sku, "quantity": quantity}
    response = app.post("/api/v1/me/cart/", payload, format="json")
    assert response.status_code == 400
    assert "quantity" in response.json()["fields"]
    assert not CartLine.objects.exists()


def test_unknown_and_inactive_skus_are_a_400(app, shop):
    retired = VariantFactory(is_active=False)
    for sku in ("NOPE-1", retired.sku):
        response = _add(app, sku)
        assert response.status_code == 400 and response.json()["error"] == "unknown_sku"
    assert not CartLine.objects.exists()


def test_a_price_in_the_request_is_ignored(app, shop):
    app.post("/api/v1/me/cart/", {"sku": shop["cap"].sku, "quantity": 1, "unit_price": "0.01"}, format="json")
    response = app.post(
        "/api/v1/me/checkout/",
        {"fulfilment": "pickup", "location": "OSL1", "payment": "pay_at_pickup", "total": "0.01"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["total"] == "149.50"


def test_checkout_for_pickup_answers_201_with_the_number(app, shop):
    _add(app, shop["jacket"].sku, 2)
    response = app.post(
        "/api/v1/me/checkout/", {"fulfilment": "pickup", "location": "OSL1", "payment": "pay_at_pickup"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "placed" and body["total"] == "998.00" and body["number"].startswith("A-")
    order = Order.objects.get(number=body["number"])
    assert order.customer == app.customer and order.channel == "app"
    assert Reservation.objects.get(reference=order.number).quantity == 2
    detail = app.get(f"/api/v1/me/orders/{order.number}/").json()
    assert detail["location_code"] == "OSL1" and detail["lines"][0]["sku"] == shop["jacket"].sku


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"fulfilment": "pickup", "location": "NOPE", "payment": "pay_at_pickup"}, 400, "location"),
        ({"fulfilment": "pickup", "location": "WH1", "payment": "pay_at_pickup"}, 400, "location"),
        ({"fulfilment": "pickup", "payment": "pay_at_pickup"}, 400, "location"),
        ({"fulfilment": "teleport", "location": "OSL1", "payment": "pay_at_pickup"}, 400, "fulfilment"),
        ({"fulfilment": "pickup", "location": "OSL1", "payment": "card"}, 400, "payment"),
        ({"fulfilment": "ship", "payment": "card"}, 400, "address"),
    ],
)
def test_bad_checkouts_are_refused_and_write_nothing(app, shop, payload, status, field):
    _add(app, shop["cap"].sku)
    response = app.post("/api/v1/me/checkout/", payload, format="json")
    assert response.status_code == status, response.json()
    body = response.json()
    assert field in body.get("fields", {}) or body.get("field") == field
    assert not Order.objects.exists() and not Reservation.objects.exists()
    assert CartLine.objects.count() == 1


def test_card_is_refused_while_card_payment_is_not_set_up(app, shop, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    _add(app, shop["cap"].sku)
    response = app.post(
        "/api/v1/me/checkout/", {"fulfilment": "pickup", "location": "OSL1", "payment": "card"}, format="json"
    )
    assert response.status_code == 400 and response.json()["message"] == "Card payment is not available."
    assert not Order.objects.exists()


def test_stock_gone_meanwhile_is_a_409_naming_the_sku_and_the_cart_is_kept(app, shop):
    _add(app, shop["cap"].sku, 3)
    StockLevel.objects.filter(variant=shop["cap"]).update(on_hand=1)
    response = app.post(
        "/api/v1/me/checkout/", {"fulfilment": "pickup", "location": "OSL1", "payment": "pay_at_pickup"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["lines"] == [{"sku": shop["cap"].sku, "requested": 3, "available": 1}]
    assert CartLine.objects.get().quantity == 3 and not Order.objects.exists()


def test_someone_elses_order_and_a_made_up_number_are_404(app):
    other = order_with_lines(CustomerFactory(), number="W-555555")
    assert app.get(f"/api/v1/me/orders/{other.number}/").status_code == 404
    assert app.get("/api/v1/me/orders/W-0/").status_code == 404


def test_empty_cart_checkout_is_a_400(app):
    response = app.post(
        "/api/v1/me/checkout/", {"fulfilment": "pickup", "location": "OSL1", "payment": "pay_at_pickup"}, format="json"
    )
    assert response.status_code == 400 and response.json()["error"] == "empty_cart"
    assert not Order.objects.exists()


def test_with_the_broker_down_the_order_is_placed_and_its_confirmation_goes_out_once_it_is_back(
    app, shop, broker, mailoutbox, django_capture_on_commit_callbacks
):
    _add(app, shop["jacket"].sku)
    with django_capture_on_commit_callbacks(execute=True):
        response = app.post(
            "/api/v1/me/checkout/",
            {"fulfilment": "pickup", "location": "OSL1", "payment": "pay_at_pickup"},
            format="json",
        )

    assert response.status_code == 201
    number = response.json()["number"]
    assert mailoutbox == [], "the broker is down: nothing could be handed to a worker yet"

    broker.start()
    assert outbox_drain() == 1
    assert outbox_drain(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(mailoutbox) == 1 and number in mailoutbox[0].subject + mailoutbox[0].body
