"""A shopper turns points into a reward code and spends it at checkout; web and app show the same balance at once."""

import pytest
from rest_framework.test import APIClient

from loyalty.services import points_record
from orders.models import Order
from tests.customers.factories import shopper
from tests.factories import LocationFactory, StockLevelFactory, VariantFactory, api_token_key
from tests.orders.conftest import open_every_day

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_redeem_points_for_a_code_and_use_it_at_checkout(page, live_server):
    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum"))
    lamp = VariantFactory(product__name="Brass desk lamp", product__slug="brass-desk-lamp", price="799.00")
    StockLevelFactory(location=store, variant=lamp, on_hand=3)
    user, customer = shopper("kari@example.com")
    user.set_password("a-long-Unusual-passphrase-42")
    user.save()
    points_record(customer=customer, kind="earn", points=750, key="test:earlier-purchases")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "kari@example.com")
    page.fill("input[name=password]", "a-long-Unusual-passphrase-42")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/account/loyalty/")
    page.fill("#reward-points", "500")
    page.get_by_role("button", name="Get a reward code").click()
    page.wait_for_load_state()
    code = page.locator(".reward-code").first.inner_text()
    assert "250" in page.locator(".balance").inner_text()

    page.goto(f"{live_server.url}/p/brass-desk-lamp/")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/checkout/")
    page.check("#store-OSL1")
    page.get_by_label("Pay at pickup").check()
    page.fill("input[name=reward_code]", code)
    page.get_by_role("button", name="Place order").click()
    page.wait_for_load_state()

    order = Order.objects.get(number=page.locator("#order-number").inner_text())
    assert str(order.total) == "794.00" and order.reward_code == code
    page.goto(f"{live_server.url}/account/loyalty/")
    assert "250" in page.locator(".balance").inner_text()
    assert page.locator(".reward-code").count() == 0, "a used code is no longer offered"

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    body = api.get("/api/v1/me/loyalty/").json()
    assert body["balance"] == 250
    assert [entry["points"] for entry in body["entries"][:2]] == [-500, 750]
