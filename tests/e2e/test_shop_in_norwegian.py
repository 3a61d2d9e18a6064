"""A Norwegian browser (Accept-Language nb-NO) shops in Norwegian: browses, adds to the cart, checks out for pickup
and reads the confirmation page and email in Norwegian with kroner written the Norwegian way; the footer's switch
shows the same page in English; and a customer who reads English gets the ready notice in English even when a
clerk whose browser speaks Norwegian marks the order ready."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.formatting import money_format
from customers.models import Customer
from orders.models import Order
from tests.factories import CategoryFactory, LocationFactory, StaffFactory, StockLevelFactory, VariantFactory
from tests.orders.conftest import open_every_day

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NORWEGIAN = {"Accept-Language": "nb-NO,nb;q=0.9,en;q=0.5"}
STAFF_PASSWORD = "correct-horse-battery"  # every factory user's


@pytest.fixture
def norwegian_page(browser):
    context = browser.new_context(locale="nb-NO", extra_http_headers=NORWEGIAN)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _check_out_for_pickup(page, *, email: str, place_order: str) -> str:
    """Fill checkout (the page's own words are the test's business, not this helper's) and return the order number."""
    page.fill("input[name=email]", email)
    page.fill("input[name=name]", "Kari Nordmann")
    page.check("#store-OSL1")
    page.check("input[name=payment][value=pay_at_pickup]")
    page.get_by_role("button", name=place_order).click()
    page.wait_for_load_state()
    return page.locator("#order-number").inner_text()


def test_a_norwegian_shopper_buys_for_pickup_in_norwegian_and_can_switch_to_english(
    norwegian_page, browser, live_server
):
    page = norwegian_page
    wear = CategoryFactory(name="Ull", slug="ull")
    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum", address_line="Karl Johans gate 1"))
    coat = VariantFactory(product__name="Ullkåpe", product__slug="ullkape", product__category=wear, price="3498.90")
    StockLevelFactory(location=store, variant=coat, on_hand=4)
    kroner = money_format(coat.price, language="nb")
    assert kroner == "3\N{NO-BREAK SPACE}498,90\N{NO-BREAK SPACE}kr"

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator("main")).to_contain_text("Alt i butikkene våre, ett klikk unna")
    page.get_by_role("navigation", name="Kategorier").get_by_role("link", name="Ull").click()
    card = page.locator("article.card", has_text="Ullkåpe")
    expect(card).to_contain_text(kroner)
    expect(card).to_contain_text("Tilgjengelig på nett")
    card.get_by_role("button", name="Legg Ullkåpe i handlekurven").click()
    page.wait_for_load_state()
    expect(page.locator("#cart-link")).to_contain_text("Handlekurv (1)")

    page.locator("#cart-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlekurven din")
    expect(page.locator("#cart-total")).to_have_text(kroner)
    page.get_by_role("link", name="Gå til kassen").click()
    number = _check_out_for_pickup(page, email="kari@example.com", place_order="Send bestilling")

    confirmation = page.locator("main").inner_text()
    assert "Bestillingsnummeret ditt er" in confirmation and kroner in confirmation
    assert "Oslo Sentrum" in confirmation
    expect(page.locator("#pickup-next")).to_contain_text("Vi sender deg en e-post når den er klar")
    [email] = [m for m in mail.outbox if number in m.subject]
    assert kroner in email.body and "Oslo Sentrum" in email.body
    assert "NOK" not in email.body and "Thank you" not in email.body
    assert Customer.objects.get(email="kari@example.com").language == "nb"

    # The footer's switch: the same page (same address), now in English.
    confirmation_url = page.url
    footer = page.locator("footer")
    footer.get_by_label("Språk").select_option("en")
    footer.get_by_role("button", name="Bytt språk").click()
    page.wait_for_load_state()
    assert page.url == confirmation_url
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english = page.locator("main").inner_text()
    assert number in english and "Your order number is" in english
    assert money_format(coat.price, language="en") in english and "NOK 3,498.90" in english
    assert kroner not in english

    # Shopping on in English: the guest's profile now says English, so the store's news comes in English.
    page.goto(f"{live_server.url}/c/ull/")
    page.get_by_role("button", name="Add Ullkåpe to cart").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/checkout/")
    second = _check_out_for_pickup(page, email="kari@example.com", place_order="Place order")
    assert Customer.objects.get(email="kari@example.com").language == "en"

    StaffFactory(username="clara", role="clerk", location=store)
    clerk = browser.new_context(locale="nb-NO", extra_http_headers=NORWEGIAN).new_page()
    clerk.goto(live_server.url + "/clerk/pickups/")
    clerk.fill("input[name=username]", "clara")
    clerk.fill("input[name=password]", STAFF_PASSWORD)
    clerk.locator("form [type=submit]").click()
    expect(clerk).to_have_url(re.compile(r"/clerk/pickups/$"))
    expect(clerk.locator("html")).to_have_attribute("lang", "nb")
    mail.outbox.clear()
    clerk.locator(f"form[action$='/{second}/ready/'] button").click()
    clerk.wait_for_load_state()

    assert Order.objects.get(number=second).status == "ready"
    [ready] = [m for m in mail.outbox if second in m.subject]
    assert ready.subject.endswith(f"Order {second} is ready for pickup")
    assert "is ready for pickup at Oslo Sentrum" in ready.body and "Pickup code:" in ready.body
    assert "klar" not in ready.body


def test_on_a_desktop_the_account_shows_a_ready_pickup_first_and_its_qr_code_no_wider_than_a_phone(
    browser, live_server
):
    from loyalty.services import points_earn_for_purchase
    from pickup.checkout import checkout_place
    from pickup.services import pickup_mark_ready
    from tests.customers.factories import shopper
    from tests.orders.conftest import cart_with

    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum"))
    lamp = VariantFactory(product__name="Brass desk lamp", price="799.00")
    StockLevelFactory(location=store, variant=lamp, on_hand=4)
    user, customer = shopper("kari@example.com")
    order = checkout_place(
        cart=cart_with([(lamp, 1)], customer=customer),
        email="kari@example.com",
        name="Kari Nordmann",
        customer=customer,
        fulfilment="pickup",
        location=store,
        payment_method="pay_at_pickup",
    )
    pickup = pickup_mark_ready(pickup=order.pickup, actor=None)
    points_earn_for_purchase(customer=customer, amount=lamp.price, key="order:S-1", channel="store")

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nb-NO", extra_http_headers=NORWEGIAN)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "kari@example.com")
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.goto(live_server.url + "/account/")

    banner = page.locator(".pickup-ready-banner")
    expect(banner).to_contain_text(f"Bestilling {order.number} er klar til henting i Oslo Sentrum")
    expect(banner.locator(".pickup-code")).to_have_text(pickup.code)
    assert banner.bounding_box()["y"] < page.locator(".account-grid").bounding_box()["y"], "first on the page"

    banner.get_by_role("link", name="Vis koden og QR-koden").click()
    qr = page.locator(".pickup-qr svg")
    expect(qr).to_be_visible()
    assert 100 < qr.bounding_box()["width"] <= 390
    page.goto(live_server.url + "/account/loyalty/")
    assert 100 < page.locator(".loyalty-card .qr svg").bounding_box()["width"] <= 390

    page.goto(live_server.url + "/account/wishlist/")
    page.locator("main").get_by_role("link", name="Gå til butikken").click()
    expect(page).to_have_url(live_server.url + "/")
    context.close()
