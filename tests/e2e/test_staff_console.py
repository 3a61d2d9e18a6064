"""A store manager signs in to the staff console: the day at a glance, the stock list and a stock level's history,
with no link that answers 403 and nothing wider than a 1366 px screen."""

import re
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from inventory.models import StockLevel
from inventory.services import StockLine, stock_receive, stock_sell
from loyalty.models import PointsEntry
from orders.services import order_transition
from pickup.checkout import checkout_place
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    OrderFactory,
    PointsEntryFactory,
    StaffFactory,
    StockLevelFactory,
    VariantFactory,
)
from tests.orders.conftest import cart_with, open_every_day

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
LAPTOP = {"width": 1366, "height": 768}


def _a_day_at_the_store():
    """Oslo and Bergen with today's sales, an open pickup moved on by a clerk, low stock and points."""
    oslo = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum"))
    bergen = LocationFactory(code="BGO1", name="Bergen Bryggen")
    clerk = StaffFactory(username="clara", role="clerk", location=oslo)
    lamp = VariantFactory(product__name="Brass desk lamp", price="799.00")
    StockLevelFactory(location=oslo, variant=lamp, on_hand=4, reorder_point=8)
    StockLevelFactory(location=bergen, variant=VariantFactory(), on_hand=1, reorder_point=2)
    stock_receive(location=oslo, variant=lamp, quantity=2, reason="Delivery", actor=clerk)
    stock_sell(location=oslo, lines=[StockLine(lamp.pk, 1)], reference="till-1", actor=clerk)  # low and selling
    OrderFactory(channel="store", location=oslo, total=Decimal("1249.00"), customer__first_name="Kari")
    OrderFactory(channel="app", fulfilment="pickup", status="placed", location=bergen, total=Decimal("349.00"))
    order = checkout_place(
        cart=cart_with([(lamp, 1)], customer=CustomerFactory(home_store=oslo)),
        email="kari@example.com",
        name="Kari Nordmann",
        fulfilment="pickup",
        location=oslo,
        payment_method="pay_at_pickup",
    )
    order_transition(order=order, to="picking", actor=clerk)
    PointsEntryFactory(kind=PointsEntry.Kind.EARN, points=120, location_code="OSL1")
    return oslo, StockLevel.objects.get(location=oslo, variant=lamp)


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url}: {widths[0]} px wide in a {widths[1]} px window"


def _no_forbidden_links(page, context) -> None:
    """Every link in the page body, fetched with the manager's cookies: none answers 403."""
    hrefs = page.eval_on_selector_all(
        "#content a[href], #header a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    links = {urljoin(page.url, href) for href in hrefs if href and not href.startswith(("#", "javascript:"))}
    links = {link for link in links if "/logout/" not in link}
    assert links
    forbidden = sorted(link for link in links if context.request.get(link, max_redirects=0).status == 403)
    assert forbidden == [], page.url


def test_a_store_manager_sees_the_day_then_the_stock_and_its_history_without_403_or_sideways_scroll(
    browser, live_server
):
    oslo, level = _a_day_at_the_store()
    StaffFactory(username="mona", role="store manager", location=oslo)
    context = browser.new_context(viewport=LAPTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("mona")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The front page: the day at Oslo and everywhere, the chart with its title, the figures as a table.
    board = page.locator(".staff-dashboard")
    expect(board.get_by_role("img", name=re.compile("Today's sales by channel: Oslo Sentrum"))).to_be_visible()
    sales = board.locator(".dashboard-sales table")
    expect(sales.get_by_role("columnheader", name="Oslo Sentrum")).to_be_visible()
    expect(sales.get_by_role("row", name=re.compile(r"^Store"))).to_contain_text("NOK 1,249.00")
    figures = board.locator(".dashboard-figures table")
    expect(figures.get_by_role("row", name=re.compile("Open pickups"))).to_contain_text("1")
    expect(figures.get_by_role("row", name=re.compile("Points issued"))).to_contain_text("120")
    _no_sideways_scroll(page)
    _no_forbidden_links(page, context)

    # A figure leads to its list: the low stock at Oslo, which is also the stock list.
    figures.get_by_role("row", name=re.compile("Low stock")).get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/admin/inventory/stocklevel/\?"))
    expect(page.locator("#result_list")).to_contain_text(level.variant.sku)
    _no_sideways_scroll(page)
    _no_forbidden_links(page, context)

    page.goto(live_server.url + "/admin/inventory/stocklevel/")
    expect(page.locator("#result_list")).to_contain_text(level.variant.sku)
    _no_sideways_scroll(page)
    _no_forbidden_links(page, context)

    # The stock level's history: the movements that made its numbers and the way to the whole ledger.
    page.locator("#result_list").get_by_role("link", name=re.compile(level.variant.sku)).first.click()
    expect(page.locator(".field-recent_movements")).to_contain_text("Delivery")
    expect(page.get_by_role("link", name="The whole ledger of this stock level")).to_be_visible()
    _no_sideways_scroll(page)
    _no_forbidden_links(page, context)
    context.close()
