"""What the shopper sees of a pickup: status and store on the order page and in the app, the code once ready."""

import pytest
from rest_framework.test import APIClient

from pickup import services
from tests.factories import CustomerFactory, UserFactory
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(shop):
    user = UserFactory(email="kari@example.com")
    customer = CustomerFactory(user=user, email="kari@example.com")
    return user, customer


def _own(pickup, customer):
    type(pickup.order).objects.filter(pk=pickup.order_id).update(customer=customer)


def test_the_app_sees_the_pickup_object_and_the_code_only_once_ready(shop, shopper, clerk):
    user, customer = shopper
    pickup = place(shop)
    _own(pickup, customer)
    api = APIClient()
    api.force_authenticate(user)
    body = api.get(f"/api/v1/me/orders/{pickup.order.number}/").json()["pickup"]
    assert body["status"] == "placed" and body["code"] is None and body["qr_svg"] is None
    assert body["store"]["code"] == "OSL1" and body["store"]["address_line"] == "Karl Johans gate 1"
    assert len(body["store"]["opening_hours"]) == 7
    services.pickup_mark_ready(pickup=pickup, actor=clerk)
    body = api.get(f"/api/v1/me/orders/{pickup.order.number}/").json()["pickup"]
    assert body["status"] == "ready" and body["code"] == pickup.code
    assert body["qr_svg"].startswith("<svg") and body["hold_until"]


def test_the_order_page_shows_the_code_and_qr_once_ready(client, shop, shopper, clerk):
    user, customer = shopper
    pickup = place(shop)
    _own(pickup, customer)
    client.force_login(user)
    html = client.get(f"/account/orders/{pickup.order.number}/").content.decode()
    assert "Placed" in html and pickup.code not in html
    services.pickup_mark_ready(pickup=pickup, actor=clerk)
    html = client.get(f"/account/orders/{pickup.order.number}/").content.decode()
    assert pickup.code in html and "<svg" in html and "Karl Johans gate 1" in html
