"""A clerk at the counter, in Chromium: scan items onto a wishlist without touching the screen, create a customer
nobody found, take an item off, page through a long order history; the layout at tablet and phone sizes."""

import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from customers.models import Customer, WishlistItem
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

PASSWORD = "correct-horse-battery"  # the factories' password
SHOTS = Path(tempfile.gettempdir())


@pytest.fixture
def counter(db):
    """Oslo with a clerk, and Kari: three items on her wishlist, a long history and plenty of points."""
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
    items = [
        ("Trail boots", "BOOT-42", "1499.00", {"size": "42"}),
        ("Wool scarf", "SCARF-1", "299.00", {}),
        ("Hiking socks", "SOCK-3", "129.00", {"size": "M"}),
        ("Rain jacket", "JKT-M", "2499.00", {"size": "M"}),
        ("Merino cap", "CAP-1", "199.00", {}),
    ]
    variants = {}
    for name, sku, price, options in items:
        variants[sku] = VariantFactory(product__name=name, sku=sku, price=Decimal(price), options=options)
        StockLevelFactory(location=oslo, variant=variants[sku], on_hand=4)
        StockLevelFactory(location=bergen, variant=variants[sku], on_hand=2)
    for sku in ("SCARF-1", "BOOT-42", "JKT-M"):
        WishlistItemFactory(customer=kari, variant=variants[sku])
    for n in range(30):
        order = OrderFactory(customer=kari, number=f"S-{300000 + n}", location=oslo, total=Decimal("12345.60"))
        OrderLineFactory(order=order, variant=variants["SOCK-3"])
    PointsEntryFactory(account__customer=kari, points=12500)
    return kari


def _log_in(page, live_server, next_path: str = "/clerk/") -> None:
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill("clara")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def _scan_two_items_without_a_click(page, kari) -> None:
    sku = page.get_by_label("SKU or barcode")
    sku.fill("SOCK-3")
    sku.press("Enter")
    status = page.locator("#wishlist [role=status]")
    expect(status).to_contain_text("Added Hiking socks")
    expect(status).to_be_in_viewport()
    expect(page.get_by_label("SKU or barcode")).to_be_focused()
    # The scanner types the next code and its Enter: no click, no tab.
    page.keyboard.type("CAP-1")
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Added Merino cap")
    expect(page.get_by_label("SKU or barcode")).to_be_focused()
    expect(page.get_by_label("SKU or barcode")).to_have_value("")
    expect(page.get_by_role("heading", name="Wishlist (5)")).to_be_visible()
    # A wrong code: the reason by the box, the focus still in it.
    page.keyboard.type("NOPE-9")
    page.keyboard.press("Enter")
    expect(page.locator("#wishlist [role=alert]")).to_contain_text("No product has the SKU or barcode “NOPE-9”")
    expect(page.get_by_label("SKU or barcode")).to_be_focused()
    assert set(WishlistItem.objects.filter(customer=kari).values_list("variant__sku", flat=True)) == {
        "SCARF-1",
        "BOOT-42",
        "JKT-M",
        "SOCK-3",
        "CAP-1",
    }


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_after_an_add_the_message_shows_and_the_sku_box_has_the_focus(browser, live_server, counter, javascript):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _log_in(page, live_server, f"/clerk/customers/{counter.pk}/")
        _scan_two_items_without_a_click(page, counter)
    finally:
        context.close()


def test_a_customer_nobody_found_is_created_on_the_spot(page, live_server, counter):
    _log_in(page, live_server)
    lookup = page.get_by_label("Email, phone, card number or name")
    lookup.fill("ola.berg@example.com")
    lookup.press("Enter")

    expect(page.get_by_role("heading", name="No customer found")).to_be_visible()
    create = page.locator("#create")
    expect(create.get_by_label("Email", exact=True)).to_have_value("ola.berg@example.com")
    create.get_by_label("Phone").fill("12")
    create.get_by_role("button", name="Create customer").click()

    # Two things to fix, said next to the fields; the first one has the focus.
    expect(create.get_by_label("First name")).to_be_focused()
    expect(create.get_by_text("Write the customer's name as they spell it.")).to_be_visible()
    expect(create.get_by_text("“12” is not a phone number we can call")).to_be_visible()
    assert not Customer.objects.filter(email="ola.berg@example.com").exists()

    create.get_by_label("First name").fill("Ola")
    create.get_by_label("Last name").fill("Berg")
    create.get_by_label("Phone").fill("22 11 33 44")
    create.get_by_label("Customer agrees to offers and news by email").check()
    create.get_by_role("button", name="Create customer").click()

    expect(page.get_by_role("heading", name="Ola Berg")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Created Ola Berg")
    expect(page.locator(".facts")).to_contain_text("+47 22 11 33 44")
    expect(page.locator("#consent")).to_contain_text("On")
    ola = Customer.objects.get(email="ola.berg@example.com")
    assert (ola.phone, ola.marketing_consent, ola.created_channel) == ("+4722113344", True, "store")

    # Back at the start: Ola is the first of the customers this clerk opened lately.
    page.get_by_role("link", name="New lookup").click()
    expect(
        page.locator("section", has=page.get_by_role("heading", name="You opened lately")).locator(".result-name").first
    ).to_have_text("Ola Berg")


def test_clerk_removes_a_wishlist_item(page, live_server, counter):
    _log_in(page, live_server, f"/clerk/customers/{counter.pk}/")
    wishlist = page.locator("#wishlist")
    expect(wishlist.locator(".wish")).to_have_count(3)

    wishlist.get_by_role("button", name="Remove Wool scarf").click()

    expect(wishlist.get_by_role("status")).to_contain_text("Removed Wool scarf")
    expect(wishlist.locator(".wish")).to_have_count(2)
    expect(page.get_by_role("heading", name="Wishlist (2)")).to_be_visible()
    expect(page.get_by_label("SKU or barcode")).to_be_focused()
    assert not WishlistItem.objects.filter(customer=counter, variant__sku="SCARF-1").exists()


def test_the_whole_order_history_page_by_page(page, live_server, counter):
    _log_in(page, live_server, f"/clerk/customers/{counter.pk}/")
    expect(page.locator("#orders .order")).to_have_count(10)

    page.get_by_role("link", name="All 30 orders").click()
    expect(page.get_by_text("Orders 1–25 of 30, newest first.")).to_be_visible()
    expect(page.locator(".order")).to_have_count(25)
    expect(page.locator(".order-number").first).to_have_text("S-300029")

    page.get_by_role("link", name="Older orders →").click()
    expect(page.get_by_text("Orders 26–30 of 30, newest first.")).to_be_visible()
    expect(page.locator(".order-number")).to_have_text([f"S-{300000 + n}" for n in range(4, -1, -1)])
    expect(page.get_by_role("link", name="Older orders →")).to_have_count(0)
    page.get_by_role("link", name="← Newer orders").click()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()


def test_first_wish_is_above_the_fold_on_a_tablet_and_totals_fit_on_a_phone(browser, live_server, counter):
    for name, viewport in (("desktop", (1366, 768)), ("tablet", (1024, 768)), ("phone", (390, 844))):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="en-GB")
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            _log_in(page, live_server, f"/clerk/customers/{counter.pk}/")
            page.screenshot(path=SHOTS / f"clerk-customer-{name}.png")
            if name != "phone":
                first = page.locator("#wishlist .wish").first
                expect(first.get_by_text("In stock here: 4")).to_be_in_viewport(ratio=1)
            tiles = page.eval_on_selector_all(
                ".stat", "els => els.map(e => [e.innerText, e.scrollWidth, e.clientWidth])"
            )
            assert all(scroll <= client for _, scroll, client in tiles), tiles
            assert "NOK 370,368.00" in " ".join(text for text, _, _ in tiles)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        finally:
            context.close()
