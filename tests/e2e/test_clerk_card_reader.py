"""The counter's card on the store's reader in a browser: the waiting page's buttons are big and it passes axe at
both orientations; with JavaScript it asks by itself until the card has paid, without it "Check again" does, then the
basket says so."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from clerk import counter_card
from orders.models import Order
from tests.clerk.tablet_fixtures import tablet_shop
from tests.payments.stripe_fake import stripe_on  # noqa: F401  (fixture)
from tests.payments.terminal_fake import card_presented

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STAFF_PASSWORD = "correct-horse-battery"  # the factories' password
READER = "tmr_e2e_counter"


def _card_asked(browser, live_server, viewport, *, javascript: bool):
    """A clerk's browser on the waiting page, after a jacket in the basket and "card on the card reader"."""
    context = browser.new_context(viewport=viewport, has_touch=True, java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/clerk/products/")
    page.get_by_label("Username").fill("clara")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/clerk/products/?q=jacket")
    page.get_by_role("button", name=re.compile(r"^Add to basket .*JKT-BLU-M")).click()
    page.goto(f"{live_server.url}/clerk/basket/")
    page.get_by_label("Card on the card reader").check()
    page.get_by_role("button", name="Sell now").click()
    page.wait_for_url(re.compile(r"/clerk/basket/card/[^/]+/$"))
    return context, page


@pytest.fixture
def reader_shop(stripe_on):  # noqa: F811
    shop = tablet_shop()
    shop["oslo"].terminal_reader_id = READER
    shop["oslo"].save(update_fields=["terminal_reader_id"])
    return shop


@pytest.mark.parametrize("viewport", [{"width": 1024, "height": 768}, {"width": 768, "height": 1024}])
def test_the_waiting_page_has_big_targets_and_passes_axe(browser, live_server, reader_shop, viewport, monkeypatch):
    monkeypatch.setattr(counter_card, "POLL_SECONDS", 600)  # still while axe reads it
    context, page = _card_asked(browser, live_server, viewport, javascript=True)
    try:
        violations = [
            f"{v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in Axe().run(page).response["violations"]
        ]
        assert not violations, violations
        small = page.evaluate(
            """() => [...document.querySelectorAll('main button, main a.button')]
                .map(el => [el.textContent.trim(), el.getBoundingClientRect().height]).filter(([, h]) => h < 44)"""
        )
        assert not small, small
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_with_javascript_the_waiting_page_asks_by_itself_until_the_card_paid(
    browser, live_server, reader_shop, monkeypatch
):
    monkeypatch.setattr(counter_card, "POLL_SECONDS", 1)
    context, page = _card_asked(browser, live_server, {"width": 1024, "height": 768}, javascript=True)
    try:
        assert not Order.objects.exists()
        card_presented(READER)  # the page is not told: its script finds out by asking
        page.wait_for_url(re.compile(r"/clerk/basket/$"))

        assert "paid by card" in page.locator("body").inner_text()
        assert Order.objects.get().stripe_payment_intent_id
    finally:
        context.close()


def test_without_javascript_check_again_finds_the_card_paid(browser, live_server, reader_shop):
    context, page = _card_asked(browser, live_server, {"width": 1024, "height": 768}, javascript=False)
    try:
        page.get_by_role("button", name="Check again").click()
        assert "/clerk/basket/card/" in page.url and "Waiting for the card" in page.locator("h1").inner_text()
        card_presented(READER)
        page.get_by_role("button", name="Check again").click()
        page.wait_for_url(re.compile(r"/clerk/basket/$"))

        assert "paid by card" in page.locator("body").inner_text()
        assert Order.objects.get().stripe_payment_intent_id
    finally:
        context.close()


def test_an_order_for_the_customer_is_paid_on_the_reader_and_the_basket_says_so(
    browser, live_server, reader_shop, monkeypatch
):
    monkeypatch.setattr(counter_card, "POLL_SECONDS", 1)
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/?next=/clerk/basket/")
        page.get_by_label("Username").fill("clara")
        page.get_by_label("Password").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_label("Customer's email").fill("ola@example.com")
        page.get_by_role("button", name="Use this email").click()
        page.goto(f"{live_server.url}/clerk/products/?q=jacket")
        page.get_by_role("button", name=re.compile(r"^Add to basket .*JKT-RED-M")).click()
        page.goto(f"{live_server.url}/clerk/basket/")
        order_form = page.locator("#order")
        order_form.get_by_label("Pickup store").select_option("BGO1")
        order_form.get_by_label("Card now, on the card reader").check()
        order_form.get_by_role("button", name="Place the order").click()
        page.wait_for_url(re.compile(r"/clerk/basket/card/[^/]+/$"))
        assert page.get_by_role("heading", name=re.compile(r"^Order ")).is_visible()

        card_presented(READER)
        page.wait_for_url(re.compile(r"/clerk/basket/$"))

        assert "paid by card" in page.locator("body").inner_text()
        order = Order.objects.get()
        assert (order.status, order.payment_status, order.location.code) == ("placed", "paid", "BGO1")
    finally:
        context.close()
