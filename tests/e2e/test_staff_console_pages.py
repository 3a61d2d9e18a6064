"""The staff console at a small laptop's width (1024 px): an order's page reads as the counter needs it, a search by
order number finds it at any store the manager may read, the outbox says whom each message is for and how it went,
and the front page's "Low stock" counts only what needs ordering now. Each page is axe clean."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.mail import EmailMultiAlternatives
from playwright.sync_api import expect

from core.outbox import email_enqueue, outbox_enqueue, outbox_send
from inventory.services import StockLine, stock_receive, stock_sell
from orders.services import order_transition
from pickup.checkout import checkout_place
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    OrderFactory,
    StaffFactory,
    StockLevelFactory,
    VariantFactory,
)
from tests.orders.conftest import cart_with, open_every_day

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
SMALL_LAPTOP = {"width": 1024, "height": 768}


@pytest.fixture
def console(browser, live_server):
    """Sign a staff member in to the console at 1024 px; returns the page."""
    context = browser.new_context(viewport=SMALL_LAPTOP, locale="en-GB")
    context.set_default_timeout(10_000)

    def sign_in(username: str):
        page = context.new_page()
        page.goto(live_server.url + "/admin/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))
        return page

    yield sign_in
    context.close()


def _axe_clean(page) -> None:
    violations = Axe().run(page).response["violations"]
    found = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in violations]
    assert not found, f"{page.url}: " + "\n".join(found)


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url}: {widths[0]} px wide in a {widths[1]} px window"


def test_an_orders_page_reads_its_lines_history_and_what_is_left_to_pay(console, live_server):
    oslo = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum"))
    clerk = StaffFactory(username="clara", role="clerk", location=oslo)
    StaffFactory(username="mona", role="store manager", location=oslo)
    lamp = VariantFactory(sku="LAMP-BRS", product__name="Brass desk lamp", price="149.00")
    stock_receive(location=oslo, variant=lamp, quantity=5, reason="Delivery")
    order = checkout_place(
        cart=cart_with([(lamp, 1)], customer=CustomerFactory(home_store=oslo)),
        email="kari@example.com",
        name="Kari Nordmann",
        fulfilment="pickup",
        location=oslo,
        payment_method="pay_at_pickup",
    )
    order_transition(order=order, to="picking", actor=clerk, note="Second shelf")

    page = console("mona")
    page.goto(f"{live_server.url}/admin/orders/order/{order.pk}/change/")

    content = page.locator("#content")
    expect(content.locator(".field-paid")).to_contain_text("To pay at pickup: NOK 149.00")
    expect(content.locator(".field-ready label")).to_have_text(re.compile("Promised ready by"))
    expect(content).not_to_contain_text("Told the shopper")
    expect(content.locator("fieldset .help")).to_have_count(0)  # no help text under read-only values

    lines = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Line total"))
    expect(lines.get_by_role("row", name=re.compile("LAMP-BRS"))).to_contain_text("Brass desk lamp")
    expect(lines.get_by_role("row", name=re.compile("LAMP-BRS"))).to_contain_text("NOK 149.00")

    history = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Who"))
    step = history.get_by_role("row", name=re.compile("clara"))
    expect(step).to_contain_text("Placed → Being picked")
    expect(step).to_contain_text("Second shelf")
    expect(history.get_by_role("row", name=re.compile("the shop"))).to_contain_text("Placed")
    # No row titles made of ids and status codes ("189: — → placed", "1 × LAMP-BRS").
    expect(content).not_to_contain_text("— → placed")
    expect(content).not_to_contain_text("placed → picking")
    expect(content).not_to_contain_text("1 × LAMP-BRS")
    _no_sideways_scroll(page)
    _axe_clean(page)


def test_searching_an_order_number_finds_it_at_another_store(console, live_server):
    oslo = LocationFactory(code="OSL1", name="Oslo Sentrum")
    trondheim = LocationFactory(code="TRD1", name="Trondheim Torvet")
    StaffFactory(username="mona", role="store manager", location=oslo)
    OrderFactory(number="W-100001", channel="web", fulfilment="pickup", status="placed", location=trondheim)
    OrderFactory(number="W-100002", channel="web", fulfilment="pickup", status="placed", location=oslo)

    page = console("mona")
    page.goto(live_server.url + "/admin/orders/order/")
    expect(page.locator("#result_list")).not_to_contain_text("W-100001")  # the list starts at her own store
    page.locator("#searchbar").fill("W-100001")
    page.locator("#searchbar").press("Enter")

    expect(page.locator("#result_list")).to_contain_text("W-100001")
    expect(page.locator("#result_list")).to_contain_text("Trondheim Torvet")
    expect(page.locator("#changelist-filter")).to_contain_text("All locations")
    _no_sideways_scroll(page)
    _axe_clean(page)


def test_the_outbox_says_whom_each_message_is_for_and_how_it_went(console, live_server):
    StaffFactory(username="ada", role="admin", is_superuser=True)
    ready = email_enqueue(
        key="pickup-ready:79",
        message=EmailMultiAlternatives("Your order W-100042 is ready", "Come and get it", to=["kari@example.com"]),
    )
    outbox_send(message_id=ready.pk)
    # A text whose builder fails (no body): tried once, kept for the drain, with its error.
    failing = outbox_enqueue(
        key="pickup-ready-sms:80", builder="core.outbox.rendered_sms", context={"to": "+4791000000"}, channel="sms"
    )
    outbox_send(message_id=failing.pk)

    page = console("ada")
    page.goto(live_server.url + "/admin/core/outboxmessage/")
    results = page.locator("#result_list")
    for header in ("Kind", "To", "Subject", "State", "Attempts", "Last error"):
        expect(results.get_by_role("columnheader", name=header)).to_be_visible()
    expect(results).not_to_contain_text("Next attempt")
    sent = results.get_by_role("row", name=re.compile("kari@example.com"))
    expect(sent).to_contain_text("Ready for pickup")
    expect(sent).to_contain_text("Your order W-100042 is ready")
    expect(sent).to_contain_text(re.compile(r"Sent \d"))
    failed = results.get_by_role("row", name=re.compile(r"\+4791000000"))
    expect(failed).to_contain_text("Ready for pickup (text)")
    expect(failed).to_contain_text("Failed, next try")
    expect(failed).to_contain_text("TypeError")
    _no_sideways_scroll(page)
    _axe_clean(page)

    # A sent message's page shows no next attempt and no error: they do not apply.
    sent.get_by_role("link").first.click()
    expect(page.locator("#content")).to_contain_text("kari@example.com")
    expect(page.locator("#content")).not_to_contain_text("Next attempt")
    expect(page.locator("#content")).not_to_contain_text("Last error")
    _axe_clean(page)


def test_low_stock_on_the_front_page_counts_what_sells_and_what_reordering_costs(console, live_server):
    oslo = LocationFactory(code="OSL1", name="Oslo Sentrum")
    StaffFactory(username="mona", role="store manager", location=oslo)
    lamp = VariantFactory(sku="LAMP-BRS", price="149.00")
    StockLevelFactory(location=oslo, variant=lamp, on_hand=4, reorder_point=3)
    stock_sell(location=oslo, lines=[StockLine(lamp.pk, 2)], reference="till-1")  # 2 left, selling
    # Under its reorder point but not sold for months: nothing to do this morning.
    StockLevelFactory(location=oslo, variant=VariantFactory(sku="VASE-OLD"), on_hand=1, reorder_point=2)

    page = console("mona")
    low = page.locator(".dashboard-figures").get_by_role("row", name=re.compile("Low stock"))
    oslo_cell = low.get_by_role("cell").first
    # Reordering brings it back over its point with the month's sales: 3 + 2 − 2 = 3 lamps at NOK 149.00.
    expect(oslo_cell).to_have_text(re.compile(r"^\s*1\s*\(reorder: NOK 447\.00\)\s*$"))
    _no_sideways_scroll(page)
    _axe_clean(page)

    oslo_cell.get_by_role("link").click()
    expect(page.locator("#result_list")).to_contain_text("LAMP-BRS")
    expect(page.locator("#result_list")).not_to_contain_text("VASE-OLD")
    _axe_clean(page)


def test_the_console_speaks_norwegian_to_a_norwegian_manager_and_english_after_the_switch(browser, live_server):
    oslo = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum"))
    StaffFactory(username="mona", role="store manager", location=oslo)
    lamp = VariantFactory(sku="LAMP-BRS", product__name="Brass desk lamp", price="1149.00")
    stock_receive(location=oslo, variant=lamp, quantity=5, reason="Delivery")
    order = checkout_place(
        cart=cart_with([(lamp, 1)], customer=CustomerFactory(home_store=oslo)),
        email="kari@example.com",
        name="Kari Nordmann",
        fulfilment="pickup",
        location=oslo,
        payment_method="pay_at_pickup",
    )
    context = browser.new_context(
        viewport=SMALL_LAPTOP, locale="nb-NO", extra_http_headers={"Accept-Language": "nb-NO"}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Brukernavn").fill("mona")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    board = page.locator(".staff-dashboard")
    expect(board.get_by_role("heading", name="Salg per kanal")).to_be_visible()
    expect(board.locator(".dashboard-sales tfoot")).to_contain_text("1\u00a0149,00\u00a0kr")
    expect(board.locator(".dashboard-figures").get_by_role("row", name=re.compile("Åpne hentinger"))).to_be_visible()
    _axe_clean(page)

    page.goto(f"{live_server.url}/admin/orders/order/{order.pk}/change/")
    expect(page.locator(".field-paid")).to_contain_text("Betales ved henting: 1\u00a0149,00\u00a0kr")
    expect(page.locator(".field-ready label")).to_have_text(re.compile("Lovet klar"))
    expect(page.get_by_role("columnheader", name="Linjesum")).to_be_visible()
    _no_sideways_scroll(page)
    _axe_clean(page)

    # The footer's switch: the same page in English, and the console stays English from then on.
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt språk").click()
    expect(page.locator(".field-paid")).to_contain_text("To pay at pickup: NOK 1,149.00")
    page.goto(live_server.url + "/admin/")
    expect(page.locator(".staff-dashboard").get_by_role("heading", name="Sales by channel")).to_be_visible()
    context.close()
