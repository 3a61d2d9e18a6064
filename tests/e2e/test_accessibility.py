"""axe-core in real Chromium over the pages people use: storefront, account, and the clerk console."""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from inventory.services import stock_receive
from tests.customers.factories import order_with_lines, shopper
from tests.factories import CategoryFactory, ProductFactory, StaffFactory, VariantFactory, WishlistItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture
def shop(store):
    category = CategoryFactory(name="Outdoor", slug="outdoor")
    jacket = ProductFactory(name="Rain jacket", slug="rain-jacket", category=category)
    blue = VariantFactory(product=jacket, sku="JKT-BLU-M", options={"colour": "Blue", "size": "M"})
    VariantFactory(product=jacket, sku="JKT-RED-M", options={"colour": "Red", "size": "M"}, price=Decimal("279"))
    stock_receive(location=store, variant=blue, quantity=2)
    user, kari = shopper("kari@example.com")
    kari.first_name, kari.last_name, kari.phone = "Kari", "Nordmann", "+4722334455"
    kari.save()
    order_with_lines(kari, number="S-500001", location=store)
    WishlistItemFactory(customer=kari, variant=blue)
    StaffFactory(username="clara", location=store)
    return kari


def _violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def _check(page, url: str) -> list[str]:
    page.goto(url)
    return [f"{url}: {line}" for line in _violations(page)]


WIDTHS = [1366, 1024, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_storefront_pages_have_no_accessibility_violations(page, live_server, shop, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = []
    for path in (
        "/",
        "/c/outdoor/",
        "/p/rain-jacket/",
        "/p/rain-jacket/?sku=JKT-RED-M&picked=colour",
        "/search/?q=jacket",
        "/search/?q=jakcet",
        "/accounts/login/",
        "/accounts/signup/",
    ):
        found += _check(page, live_server.url + path)

    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_account_pages_have_no_accessibility_violations(page, live_server, shop, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "kari@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/account/**")

    found = []
    for path in (
        "/account/",
        "/account/profile/",
        "/account/wishlist/",
        "/account/orders/",
        "/account/timeline/",
        "/c/outdoor/",
    ):
        found += _check(page, live_server.url + path)

    assert not found, "\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_clerk_console_has_no_accessibility_violations(page, live_server, shop, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/login/?next=/clerk/")
    page.fill("#id_username", "clara")
    page.fill("#id_password", PASSWORD)
    page.locator("[type=submit]").click()
    page.wait_for_url("**/clerk/")

    found = []
    for path in (
        f"/clerk/customers/{shop.pk}/",
        f"/clerk/customers/{shop.pk}/orders/",
        "/clerk/",  # with the customer just opened under "You opened lately"
        "/clerk/?q=Kari+Nordmann",
        "/clerk/?q=Nobody+Here",
        "/clerk/pickups/",
        "/clerk/pickups/verify/",
    ):
        found += _check(page, live_server.url + path)
    # The form to create a customer, sent with mistakes: the errors are read out too.
    page.goto(live_server.url + "/clerk/?q=nobody@example.com")
    page.locator("#id_phone").fill("12")
    page.get_by_role("button", name="Create customer").click()
    page.wait_for_selector("[aria-invalid=true]")
    found += [f"create with errors: {line}" for line in _violations(page)]
    # A wishlist add that was refused, and one that worked: the message by the SKU box.
    page.goto(f"{live_server.url}/clerk/customers/{shop.pk}/")
    page.get_by_label("SKU or barcode").fill("NOPE")
    page.get_by_role("button", name="Add to wishlist").click()
    page.wait_for_selector("#wishlist [role=alert]")
    found += [f"wishlist refused: {line}" for line in _violations(page)]
    page.get_by_label("SKU or barcode").fill("JKT-RED-M")
    page.get_by_role("button", name="Add to wishlist").click()
    page.wait_for_selector("#wishlist .message")
    found += [f"wishlist added: {line}" for line in _violations(page)]

    assert not found, "\n".join(found)
