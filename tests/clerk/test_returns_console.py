"""The returns desk in the clerk console: find the order, take items back at the clerk's store."""

import pytest

from inventory.models import StockLevel
from returns.models import Return
from tests.factories import LocationFactory, StaffFactory
from tests.orders import conftest as orders_conftest
from tests.orders.conftest import online_order

pytestmark = pytest.mark.django_db

# The order tests' fixtures: a stocked store OSL1 and warehouse, and the ledger check.
shop = orders_conftest.shop
ledger_ok = orders_conftest.ledger_ok


@pytest.fixture
def bergen_clerk(client, shop):
    bergen = LocationFactory(code="BGO1", name="Bergen Bryggen")
    client.force_login(StaffFactory(location=bergen))
    client.bergen = bergen
    return client


def test_the_receipt_qr_number_opens_the_order_and_a_customer_lists_theirs(bergen_clerk, shop):
    order = online_order(shop)
    response = bergen_clerk.get("/clerk/returns/", {"q": order.number.lower()})
    assert response.status_code == 302 and response.url == f"/clerk/returns/{order.number}/"
    listed = bergen_clerk.get("/clerk/returns/", {"q": "kari@example.com"}).content.decode()
    assert order.number in listed and "Web shop" in listed


def test_the_clerk_takes_items_back_at_their_own_store(bergen_clerk, shop, ledger_ok):
    order = online_order(shop)
    jacket_line = order.lines.get(sku=shop["jacket"].sku)
    page = bergen_clerk.get(f"/clerk/returns/{order.number}/").content.decode()
    assert "Take back at Bergen Bryggen" in page
    response = bergen_clerk.post(
        f"/clerk/returns/{order.number}/",
        {f"qty-{jacket_line.pk}": "1", f"condition-{jacket_line.pk}": "resellable", "refund_method": "cash"},
        follow=True,
    )
    assert response.status_code == 200 and "paid out in cash" in response.content.decode()
    ret = Return.objects.get()
    assert ret.location == bergen_clerk.bergen and ret.refund_amount == jacket_line.unit_price
    assert StockLevel.objects.get(location=bergen_clerk.bergen, variant=shop["jacket"]).on_hand == 1
    ledger_ok()


@pytest.mark.parametrize("typed", ["²", "١", "-1"])
def test_a_quantity_not_in_ascii_digits_asks_for_a_whole_number(bergen_clerk, shop, typed):
    order = online_order(shop)
    cap_line = order.lines.get(sku=shop["cap"].sku)
    response = bergen_clerk.post(
        f"/clerk/returns/{order.number}/", {f"qty-{cap_line.pk}": typed, "refund_method": "cash"}
    )
    assert response.status_code == 400 and "enter a whole number" in response.content.decode()
    assert not Return.objects.exists()


def test_more_than_bought_shows_the_reason_and_writes_nothing(bergen_clerk, shop):
    order = online_order(shop)
    cap_line = order.lines.get(sku=shop["cap"].sku)
    response = bergen_clerk.post(
        f"/clerk/returns/{order.number}/", {f"qty-{cap_line.pk}": "3", "refund_method": "cash"}
    )
    assert response.status_code == 400 and "1 bought" in response.content.decode()
    assert not Return.objects.exists()
