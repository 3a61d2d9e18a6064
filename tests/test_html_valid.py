"""Every main page is well-formed HTML5: a strict HTML5 parser reads it without a single parse error."""

import html5lib
import pytest

from inventory.services import stock_receive
from tests.customers.factories import order_with_lines, shopper
from tests.factories import CategoryFactory, ProductFactory, StaffFactory, VariantFactory, WishlistItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(store):
    category = CategoryFactory(name="Outdoor", slug="outdoor")
    jacket = ProductFactory(name="Rain jacket", slug="rain-jacket", category=category)
    blue = VariantFactory(product=jacket, sku="JKT-BLU-M", options={"colour": "Blue", "size": "M"})
    VariantFactory(product=jacket, sku="JKT-RED-M", options={"colour": "Red", "size": "M"})
    stock_receive(location=store, variant=blue, quantity=2)
    user, customer = shopper("kari@example.com")
    order_with_lines(customer, number="S-500001", location=store)
    WishlistItemFactory(customer=customer, variant=blue)
    return user, customer


def _errors(html: bytes) -> list:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(html)
    return [(position, code, data) for position, code, data in parser.errors]


def _assert_valid(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _errors(response.content) == [], path


def test_storefront_pages_are_valid_html(client, kari):
    _assert_valid(client, ["/", "/c/outdoor/", "/p/rain-jacket/", "/search/?q=jacket", "/accounts/login/"])
    _assert_valid(client, ["/search/?q=jakcet", "/p/rain-jacket/?sku=JKT-RED-M&picked=size", "/accounts/signup/"])


def test_account_pages_are_valid_html(client, kari):
    client.force_login(kari[0])
    _assert_valid(client, ["/account/", "/account/profile/", "/account/wishlist/", "/account/orders/"])
    _assert_valid(client, ["/account/loyalty/", "/account/timeline/", "/p/rain-jacket/"])


def test_clerk_pages_are_valid_html(client, kari, store):
    client.force_login(StaffFactory(location=store))
    customer = kari[1]
    _assert_valid(client, ["/clerk/", "/clerk/?q=Nordmann", f"/clerk/customers/{customer.pk}/"])
    _assert_valid(client, [f"/clerk/customers/{customer.pk}/orders/", "/clerk/", "/clerk/?q=nobody@example.com"])
    _assert_valid(client, ["/clerk/pickups/", "/clerk/pickups/verify/"])
    refused = client.post("/clerk/customers/new/", {"q": "ola", "first_name": "", "phone": "12"})
    assert refused.status_code == 400
    assert _errors(refused.content) == []
    wishlist = client.post(f"/clerk/customers/{customer.pk}/wishlist/", {"code": "NOPE"})
    assert wishlist.status_code == 400
    assert _errors(wishlist.content) == []
    _assert_valid(client, ["/clerk/returns/", "/clerk/returns/?q=kari@example.com", "/clerk/returns/S-500001/"])


def test_the_staff_consoles_confirmation_page_is_valid_html(client, kari, store):
    from inventory.models import StockLevel
    from orders.models import Order

    client.force_login(StaffFactory(role="store manager", location=store))
    asked = [
        client.post("/admin/orders/order/", {"action": "cancel_orders", "_selected_action": [Order.objects.get().pk]}),
        client.post(
            "/admin/inventory/stocklevel/", {"action": "adjust", "_selected_action": [StockLevel.objects.get().pk]}
        ),
    ]
    for page in asked:
        assert page.status_code == 200 and b'name="post" value="yes"' in page.content
        assert _errors(page.content) == []
