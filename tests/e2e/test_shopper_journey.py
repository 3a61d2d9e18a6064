"""A shopper in a real browser: sign up, verify, find earlier in-store and marketplace purchases, and an email item
on the wishlist — in the web shop and through the API the app uses (design questions 2 and 4)."""

import re

import pytest

from customers.models import Channel
from marketing.tokens import wishlist_email_link
from tests.customers.factories import order_with_lines
from tests.factories import CustomerFactory, LocationFactory, VariantFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-Unusual-passphrase-42"


def test_new_account_shows_every_channel_and_the_email_wishlist_item(page, live_server, mailoutbox):
    store = LocationFactory(name="Bergen Torget")
    kari = CustomerFactory(email="kari@example.com", first_name="Kari", created_channel=Channel.STORE)
    order_with_lines(kari, number="S-700001", location=store, channel=Channel.STORE)
    order_with_lines(kari, number="M-700002", channel=Channel.MARKETPLACE)
    lamp = VariantFactory(product__name="Brass desk lamp")

    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "Kari@Example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form:has(input[name=password2]) [type=submit]").click()
    page.wait_for_load_state()

    [confirmation] = mailoutbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(link)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/account/orders/")
    history = page.locator("main").inner_text()
    assert "S-700001" in history and "Bergen Torget" in history
    assert "M-700002" in history

    page.goto(live_server.url + wishlist_email_link(kari, lamp))
    page.wait_for_url("**/account/wishlist/")  # the link's page posts itself, then shows the wishlist
    assert "Brass desk lamp" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/account/wishlist/")
    assert "Brass desk lamp" in page.locator("main").inner_text()

    api = page.request.get(f"{live_server.url}/api/v1/me/wishlist/")
    assert api.ok
    assert lamp.sku in api.text()
