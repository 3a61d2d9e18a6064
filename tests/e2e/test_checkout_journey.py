"""A guest buys online and picks up in store, then signs up and finds the order in the account (design question 1)."""

import re

import pytest

from orders.models import Order
from tests.factories import LocationFactory, StockLevelFactory, VariantFactory
from tests.orders.conftest import open_every_day

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-Unusual-passphrase-42"


def test_guest_orders_two_items_for_pickup_pays_there_and_later_sees_it_in_the_account(page, live_server, mailoutbox):
    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum", address_line="Karl Johans gate 1"))
    lamp = VariantFactory(product__name="Brass desk lamp", product__slug="brass-desk-lamp", price="799.00")
    mug = VariantFactory(product__name="Stoneware mug", product__slug="stoneware-mug", price="129.00")
    for variant in (lamp, mug):
        StockLevelFactory(location=store, variant=variant, on_hand=4)

    for slug in ("brass-desk-lamp", "stoneware-mug"):
        page.goto(f"{live_server.url}/p/{slug}/")
        page.get_by_role("button", name="Add to cart").click()
        page.wait_for_load_state()
    assert "(2)" in page.locator("#cart-link").inner_text()

    page.goto(f"{live_server.url}/cart/")
    assert "Brass desk lamp" in page.locator("main").inner_text()
    page.get_by_role("link", name="Go to checkout").click()
    page.fill("input[name=email]", "kari@example.com")
    page.fill("input[name=name]", "Kari Nordmann")
    page.check("#store-OSL1")
    page.get_by_label("Pay at pickup").check()
    page.get_by_role("button", name="Place order").click()
    page.wait_for_load_state()

    number = page.locator("#order-number").inner_text()
    order = Order.objects.get(number=number)
    assert order.status == "placed" and order.payment_method == "pay_at_pickup" and order.lines.count() == 2
    [confirmation] = [m for m in mailoutbox if number in m.subject]
    assert "Oslo Sentrum" in confirmation.body and "Karl Johans gate 1" in confirmation.body

    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "kari@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form:has(input[name=password2]) [type=submit]").click()
    page.wait_for_load_state()
    verify = next(m for m in mailoutbox if "confirm-email" in m.body)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", verify.body).group(0)
    page.goto(link)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/account/orders/")
    assert number in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/account/orders/{number}/")
    detail = page.locator("main").inner_text()
    assert "Oslo Sentrum" in detail and "Stoneware mug" in detail
