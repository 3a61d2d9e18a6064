"""The orders list in the staff console reads like the shop: names, money and local times, the manager's store first."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.models import Order
from payments.models import PaymentRefund
from tests.factories import CustomerFactory, LocationFactory, OrderFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(store):
    return StaffFactory(role="store manager", location=store)


def test_the_list_names_the_shopper_and_shows_money_and_local_time_at_the_managers_store(client, store, manager):
    bergen = LocationFactory(code="BGO1", name="Bergen Bryggen")
    kari = CustomerFactory(first_name="Kari", last_name="Nordmann")
    # 23:30 UTC on 1 December is 00:30 on 2 December in Oslo.
    placed = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    OrderFactory(number="W-100042", customer=kari, location=store, total=Decimal("1249.00"), placed_at=placed)
    OrderFactory(number="W-100043", location=bergen)
    client.force_login(manager)

    page = client.get("/admin/orders/order/").content.decode()
    everywhere = client.get("/admin/orders/order/", {"location": "all"}).content.decode()

    assert "Kari Nordmann" in page and "NOK 1,249.00" in page and "2 Dec 2026, 00:30" in page
    assert "Oslo Sentrum" in page and "W-100043" not in page
    assert "W-100043" in everywhere


def test_the_list_has_each_filter_once(client, store, manager):
    client.force_login(manager)
    response = client.get("/admin/orders/order/")
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    assert len(titles) == len(set(titles))
    assert response.context["cl"].date_hierarchy == "placed_at"
    assert "placed_at" not in [
        spec.field_path for spec in response.context["cl"].filter_specs if hasattr(spec, "field_path")
    ]


def test_the_order_page_is_read_only_and_status_moves_only_through_actions(client, store, manager):
    order = OrderFactory(status=Order.Status.PLACED, fulfilment="pickup", channel="web", location=store)
    client.force_login(manager)

    page = client.get(f"/admin/orders/order/{order.pk}/change/")
    forged = client.post(f"/admin/orders/order/{order.pk}/change/", {"status": "completed"})

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert forged.status_code == 403
    order.refresh_from_db()
    assert order.status == Order.Status.PLACED


def test_the_orders_list_runs_a_constant_number_of_queries(client, store, manager, django_assert_max_num_queries):
    client.force_login(manager)
    for _ in range(2):
        OrderFactory(location=store)
    with CaptureQueriesContext(connection) as two:
        assert client.get("/admin/orders/order/").status_code == 200
    for _ in range(18):
        OrderFactory(location=store)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get("/admin/orders/order/")
    assert len(response.context["cl"].result_list) == 20


def test_the_order_page_lists_its_card_refunds_and_which_still_wait_for_stripe(client, store, manager):
    order = OrderFactory(number="W-100050", location=store, total=Decimal("998.00"), amount_paid=Decimal("998.00"))
    PaymentRefund.objects.create(order=order, key="pickup-refused:W-100050", amount=Decimal("299.00"))
    PaymentRefund.objects.create(order=order, key="return:7", amount=Decimal("100.00"), stripe_refund_id="re_123")
    client.force_login(manager)

    page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    assert "pickup-refused:W-100050" in page and "waiting for Stripe" in page
    assert "return:7" in page and "re_123" in page
