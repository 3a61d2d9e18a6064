"""Staff: the admin changes order status only through confirmed actions; the staff API lists and filters orders."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.test import APIClient

from core.roles import role_groups_sync
from inventory.models import StockLevel
from orders.models import Order, OrderEvent
from pickup.checkout import checkout_place
from tests.customers.factories import order_with_lines
from tests.factories import CustomerFactory, StaffFactory, UserFactory
from tests.orders.conftest import cart_with

pytestmark = pytest.mark.django_db


def _pickup(shop, quantity=1):
    return checkout_place(
        cart=cart_with([(shop["jacket"], quantity)]),
        email="kari@example.com",
        fulfilment="pickup",
        location=shop["store"],
        payment_method="pay_at_pickup",
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_cancel_asks_first_then_releases_the_units(shop, admin_client, ledger_ok):
    order = _pickup(shop, 2)
    url = "/admin/orders/order/"
    first = admin_client.post(url, {"action": "cancel_orders", "_selected_action": [order.pk]})
    assert first.status_code == 200 and b"No, take me back" in first.content
    assert Order.objects.get(pk=order.pk).status == "placed"
    admin_client.post(url, {"action": "cancel_orders", "_selected_action": [order.pk], "post": "yes", "note": "Phoned"})
    assert Order.objects.get(pk=order.pk).status == "cancelled"
    assert StockLevel.objects.get(location=shop["store"], variant=shop["jacket"]).reserved == 0
    assert OrderEvent.objects.filter(order=order, to_status="cancelled", note="Phoned").exists()
    ledger_ok()


def test_admin_illegal_step_is_named_and_changes_nothing(shop, admin_client):
    order = _pickup(shop)
    response = admin_client.post(
        "/admin/orders/order/",
        {"action": "mark_completed", "_selected_action": [order.pk], "post": "yes"},
        follow=True,
    )
    assert f"Order {order.number} is placed; it cannot become completed" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "placed"


def test_admin_status_field_is_read_only(shop, admin_client):
    order = _pickup(shop)
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="customer"' not in page


def test_staff_api_filters_by_status_channel_location_fulfilment_and_date(shop):
    role_groups_sync()
    clerk = StaffFactory()
    clerk.groups.add(Group.objects.get(name="clerk"))
    api = APIClient()
    api.force_authenticate(clerk)
    web = _pickup(shop)
    order_with_lines(CustomerFactory(), number="S-1", channel="store", location=shop["store"])
    assert [o["number"] for o in api.get("/api/v1/orders/?channel=web").json()["results"]] == [web.number]
    assert [
        o["number"] for o in api.get("/api/v1/orders/?status=placed&fulfilment=pickup&location=OSL1").json()["results"]
    ] == [web.number]
    today = timezone.localdate(web.placed_at).isoformat()  # the shop's day, as staff mean it
    assert len(api.get(f"/api/v1/orders/?placed_on={today}").json()["results"]) == 2
    assert api.get(f"/api/v1/orders/{web.number}/").json()["lines"][0]["sku"] == shop["jacket"].sku
    assert api.get("/api/v1/orders/?status=nonsense").status_code == 400


def test_staff_api_shows_an_unrecorded_payment_method_as_null_and_a_missing_email_as_blank(shop):
    api = APIClient()
    api.force_authenticate(UserFactory(is_staff=True, is_superuser=True))
    order_with_lines(None, number="S-1", channel="store", location=shop["store"], payment_method="", email="")
    body = api.get("/api/v1/orders/S-1/").json()
    assert (body["payment_method"], body["email"], body["customer"]) == (None, "", None)


def test_staff_api_is_closed_to_shoppers(shop):
    api = APIClient()
    api.force_authenticate(UserFactory())
    assert api.get("/api/v1/orders/").status_code == 403
