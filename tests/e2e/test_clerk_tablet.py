"""The clerk's tablet at 1024×768, end to end: find a product by a misspelt name, shortlist it for a customer typed in
at the counter, sell one from the shelf for cash, order what the store lacks for pickup at another store; the
customer signs up with that email and finds both in their history. Then the layout at both tablet orientations."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from customers.models import Customer, WishlistItem
from orders.models import Order
from tests.clerk.tablet_fixtures import tablet_shop

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STAFF_PASSWORD = "correct-horse-battery"  # the factories' password
SHOPPER_PASSWORD = "a-long-Unusual-passphrase-42"
TABLET = {"width": 1024, "height": 768}
PORTRAIT = {"width": 768, "height": 1024}


def _log_in(page, live_server, next_path: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill("clara")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def _find(page, words: str) -> None:
    box = page.get_by_label("Product name, SKU or barcode")
    box.fill(words)
    box.press("Enter")
    page.wait_for_load_state()


def test_find_shortlist_sell_and_order_for_a_customer_who_then_finds_both_online(browser, live_server, mailoutbox):
    tablet_shop()
    context = browser.new_context(viewport=TABLET, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _log_in(page, live_server, "/clerk/basket/")
        page.get_by_label("Customer's email").fill("ola@example.com")
        page.get_by_label("Customer agrees to offers and news by email").check()
        page.get_by_role("button", name="Use this email").click()
        expect(page.locator(".messages")).to_contain_text("Serving")

        page.get_by_role("link", name="Products").click()
        _find(page, "rian jakcet")
        expect(page.get_by_text("Showing results for “rain jacket”")).to_be_visible()
        page.get_by_role("button", name=re.compile(r"^Add to their wishlist .*JKT-BLU-M")).click()
        expect(page.locator(".messages")).to_contain_text("Added Rain jacket")
        page.get_by_role("button", name=re.compile(r"^Add to basket .*JKT-BLU-M")).click()
        expect(page.locator(".messages")).to_contain_text("is in the basket")

        page.get_by_role("link", name=re.compile(r"^Basket")).first.click()
        sell = page.locator("#sell")
        sell.get_by_label("Cash", exact=True).check()
        sell.get_by_label("Cash given (for the change)").fill("600")
        sell.get_by_role("button", name="Sell now").click()
        expect(page.locator(".messages")).to_contain_text("Change: NOK 101.00")
        sale = Order.objects.get(channel="store", fulfilment="in_store")
        assert any(sale.number in m.body and "ola@example.com" in m.to for m in mailoutbox)

        page.get_by_label("Customer's email").fill("ola@example.com")
        page.get_by_role("button", name="Use this email").click()
        page.get_by_role("link", name="Products").click()
        _find(page, "jacket")
        page.get_by_role("button", name=re.compile(r"^Add to basket .*JKT-RED-M")).click()
        page.get_by_role("link", name=re.compile(r"^Basket")).first.click()
        order_form = page.locator("#order")
        order_form.get_by_label("Pickup store").select_option("BGO1")
        order_form.get_by_label("Pay at pickup").check()
        order_form.get_by_role("button", name="Place the order").click()
        expect(page.locator(".messages")).to_contain_text("to pay at pickup")
        ordered = Order.objects.get(channel="store", fulfilment="pickup")
        assert ordered.location.code == "BGO1"
        assert WishlistItem.objects.filter(customer__email="ola@example.com", variant__sku="JKT-BLU-M").exists()
        assert Customer.objects.get(email="ola@example.com").marketing_consent
    finally:
        context.close()

    shopper = browser.new_context(viewport=TABLET)
    shopper.set_default_timeout(10_000)
    page = shopper.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/signup/")
        page.fill("input[name=email]", "ola@example.com")
        page.fill("input[name=password1]", SHOPPER_PASSWORD)
        page.fill("input[name=password2]", SHOPPER_PASSWORD)
        page.locator("form:has(input[name=password2]) [type=submit]").click()
        page.wait_for_load_state()
        verify = next(m for m in mailoutbox if "confirm-email" in m.body)
        page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", verify.body).group(0))
        page.locator("main form [type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/account/orders/")
        history = page.locator("main").inner_text()
        assert sale.number in history and ordered.number in history
    finally:
        shopper.close()


@pytest.mark.parametrize("viewport", [TABLET, PORTRAIT], ids=["landscape", "portrait"])
def test_the_tablet_pages_fit_big_targets_and_pass_axe(browser, live_server, viewport):
    shop = tablet_shop()
    context = browser.new_context(viewport=viewport, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _log_in(page, live_server, "/clerk/products/")
        page.goto(f"{live_server.url}/clerk/basket/")
        page.get_by_label("Customer's email").fill("ola@example.com")
        page.get_by_role("button", name="Use this email").click()
        found = []
        for path in ("/clerk/products/?q=jacket", f"/clerk/variants/{shop['red'].pk}/", "/clerk/pickups/"):
            page.goto(live_server.url + path)
            if path.startswith("/clerk/products/"):
                page.get_by_role("button", name=re.compile(r"^Add to basket .*JKT-BLU-M")).click()
            found += [f"{path}: {v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in _axe(page)]
        page.goto(f"{live_server.url}/clerk/basket/")
        found += [f"basket: {v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in _axe(page)]
        assert not found, "\n".join(found)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # A checkbox or radio button is tapped through its label: the label is the target that counts.
        small = page.evaluate(
            """() => [...document.querySelectorAll('main button, main a.button, main select, main input:not([type=hidden])')]
                .filter(el => el.offsetParent !== null)
                .map(el => {
                  const box = ['checkbox', 'radio'].includes(el.type)
                    ? (el.closest('label') || document.querySelector(`label[for="${el.id}"]`)) : el;
                  return [el.textContent.trim() || el.name || el.id, box.getBoundingClientRect().height];
                })
                .filter(([, h]) => h < 44)"""
        )
        assert not small, small
    finally:
        context.close()


def _axe(page) -> list[dict]:
    return Axe().run(page).response["violations"]
