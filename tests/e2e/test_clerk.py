"""A clerk at the counter: log in, type the customer's phone number as they say it, see their wishlist and our stock."""

import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from customers.models import Channel, WishlistItem
from orders.models import Order
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    OrderFactory,
    OrderLineFactory,
    PointsEntryFactory,
    StaffFactory,
    StockLevelFactory,
    VariantFactory,
    WishlistItemFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 820, "height": 1180}
# /tmp/clerk.png on our machines: a picture of the tablet layout to look at after a run.
SCREENSHOT = Path(tempfile.gettempdir()) / "clerk.png"


@pytest.fixture
def tablet_page(browser):
    """A tablet in portrait, as clerks hold them at the counter."""
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_clerk_finds_a_customer_by_phone_and_sees_wishlist_stock(tablet_page, live_server):
    oslo = LocationFactory(code="OSL1", name="Oslo Sentrum")
    bergen = LocationFactory(code="BGO1", name="Bergen Torget")
    StaffFactory(username="clara", role="clerk", location=oslo)
    kari = CustomerFactory(
        first_name="Kari",
        last_name="Nordmann",
        email="kari@example.com",
        phone="+4722334455",
        card_number="700012345674",
        home_store=oslo,
    )
    boots = VariantFactory(product__name="Trail boots", sku="BOOT-42", price=Decimal("1499.00"), options={"size": "42"})
    scarf = VariantFactory(product__name="Wool scarf", sku="SCARF-1", price=Decimal("299.00"), options={})
    socks = VariantFactory(product__name="Hiking socks", sku="SOCK-3", price=Decimal("129.00"))
    StockLevelFactory(location=oslo, variant=boots, on_hand=2)
    StockLevelFactory(location=bergen, variant=boots, on_hand=5)
    StockLevelFactory(location=bergen, variant=scarf, on_hand=1)
    StockLevelFactory(location=oslo, variant=socks, on_hand=8)
    WishlistItemFactory(customer=kari, variant=boots)
    WishlistItemFactory(customer=kari, variant=scarf, source=WishlistItem.Source.EMAIL)
    web = OrderFactory(
        customer=kari, number="W-100001", channel=Channel.WEB, fulfilment=Order.Fulfilment.SHIP, total=Decimal("598.00")
    )
    OrderLineFactory(order=web, variant=scarf, quantity=2, unit_price=Decimal("299.00"))
    in_store = OrderFactory(customer=kari, number="S-200001", channel=Channel.STORE, location=oslo)
    OrderLineFactory(order=in_store, variant=socks)
    OrderFactory(
        customer=kari,
        number="W-100002",
        channel=Channel.APP,
        fulfilment=Order.Fulfilment.PICKUP,
        status=Order.Status.READY,
        location=oslo,
        total=Decimal("1499.00"),
    )
    PointsEntryFactory(account__customer=kari, points=1250)
    page = tablet_page

    page.goto(live_server.url + "/clerk/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/clerk/"))
    page.get_by_label("Username").fill("clara")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()

    lookup = page.get_by_label("Email, phone, card number or name")
    expect(lookup).to_be_focused()
    lookup.fill("0047 22 33 44 55")
    lookup.press("Enter")

    expect(page).to_have_url(re.compile(rf"/clerk/customers/{kari.pk}/$"))
    expect(page.get_by_role("heading", name="Kari Nordmann")).to_be_visible()
    wishlist = page.locator("#wishlist")
    boots_row = wishlist.locator(".wish", has_text="Trail boots")
    expect(boots_row.get_by_text("In stock here: 2")).to_be_visible()
    expect(boots_row.get_by_text("Other stores: Bergen Torget 5")).to_be_visible()
    expect(wishlist.locator(".wish", has_text="Wool scarf").get_by_text("Not in stock here")).to_be_visible()
    expect(page.get_by_text("1,250", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Open pickups (1)")).to_be_visible()

    # The customer asks for the socks on the shelf: the clerk scans them onto the wishlist.
    page.get_by_label("SKU or barcode").fill("SOCK-3")
    page.get_by_role("button", name="Add to wishlist").click()
    expect(page.get_by_role("status")).to_contain_text("Added Hiking socks")
    expect(wishlist.locator(".wish", has_text="Hiking socks").get_by_text("In stock here: 8")).to_be_visible()

    page.screenshot(path=SCREENSHOT, full_page=True)
    # A tablet should never need sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
