"""Cart, checkout and order pages: plain forms, bad input refused, login merges carts, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Variant
from orders.emails import order_guest_token
from orders.models import Cart, CartLine, Order
from orders.services import cart_for_customer, cart_line_add
from pickup.checkout import checkout_place
from tests.customers.factories import order_with_lines, shopper
from tests.factories import CustomerFactory, StockLevelFactory, VariantFactory
from tests.orders.conftest import cart_with

pytestmark = pytest.mark.django_db


def _add(client, sku, quantity="1"):
    return client.post("/cart/add/", {"sku": sku, "quantity": quantity})


def test_add_to_cart_without_javascript_and_see_the_count(client, shop):
    assert _add(client, shop["jacket"].sku, "2").status_code == 302
    page = client.get("/cart/").content.decode()
    assert "Rain jacket" in page and 'Cart <span class="cart-count">(2)' in page


@pytest.mark.parametrize("quantity", ["0", "-1", "1000000000", "1.5", "two", ""])
def test_bad_quantities_in_the_form_are_a_400_and_write_nothing(client, shop, quantity):
    response = _add(client, shop["jacket"].sku, quantity)
    assert response.status_code == 400 and b"Quantity" in response.content
    assert not CartLine.objects.exists()


def test_unknown_or_inactive_sku_in_the_form_is_a_400(client, shop):
    retired = VariantFactory(is_active=False)
    for sku in ("NOPE", retired.sku):
        assert _add(client, sku).status_code == 400
    assert not CartLine.objects.exists()


def test_a_changed_price_is_shown_in_the_cart(client, shop):
    _add(client, shop["cap"].sku)
    Variant.objects.filter(pk=shop["cap"].pk).update(price="199.00")
    page = client.get("/cart/").content.decode()
    assert "Was" in page and "149.50" in page and "199.00" in page


def test_update_and_remove(client, shop):
    _add(client, shop["cap"].sku)
    client.post("/cart/update/", {"sku": shop["cap"].sku, "quantity": "3"})
    assert CartLine.objects.get().quantity == 3
    assert client.post("/cart/update/", {"sku": shop["cap"].sku, "quantity": "0"}).status_code == 400
    client.post("/cart/remove/", {"sku": shop["cap"].sku})
    assert not CartLine.objects.exists()


def test_login_merges_the_visitor_cart_capped_at_what_can_be_promised(client, shop):
    user, customer = shopper("kari@example.com")
    cart_line_add(cart=cart_for_customer(customer=customer), variant=shop["cap"], quantity=15)
    _add(client, shop["cap"].sku, "10")
    _add(client, shop["jacket"].sku, "1")
    client.post("/accounts/login/", {"login": "kari@example.com", "password": "correct-horse-battery"})
    lines = {line.variant_id: line.quantity for line in CartLine.objects.filter(cart__customer=customer)}
    assert lines == {shop["cap"].pk: 20, shop["jacket"].pk: 1}  # 25 wanted, the warehouse can promise 20
    assert Cart.objects.count() == 1


def test_checkout_as_a_guest_for_pickup(client, shop, mailoutbox, django_capture_on_commit_callbacks):
    _add(client, shop["cap"].sku, "2")
    checkout = client.get("/checkout/").content.decode()
    assert "Oslo Sentrum" in checkout and "Ready" in checkout
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/checkout/",
            {
                "email": "guest@example.com",
                "name": "Ola",
                "fulfilment": "pickup",
                "location": "OSL1",
                "payment": "pay_at_pickup",
            },
        )
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/checkout/done/{order.number}/"
    assert order.number in client.get(response["Location"]).content.decode()
    [email] = mailoutbox
    link = next(word for word in email.body.split() if "/orders/" in word)
    assert order.number in client.get(link.split("testserver")[-1]).content.decode()


def test_checkout_form_bad_store_and_the_warehouse_are_refused(client, shop):
    _add(client, shop["cap"].sku)
    base = {"email": "g@example.com", "name": "Ola", "fulfilment": "pickup", "payment": "pay_at_pickup"}
    assert client.post("/checkout/", {**base, "location": "NOPE"}).status_code == 400
    assert client.post("/checkout/", {**base, "location": "WH1"}).status_code == 400
    assert client.post("/checkout/", {**base, "location": "OSL1", "email": "not-an-email"}).status_code == 400
    assert client.post("/checkout/", {**base, "location": "OSL1", "payment": "card"}).status_code == 400
    assert not Order.objects.exists() and CartLine.objects.count() == 1


def test_confirmation_of_someone_elses_order_is_404(client, shop):
    order = order_with_lines(CustomerFactory(), number="W-424242")
    assert client.get(f"/checkout/done/{order.number}/").status_code == 404
    assert client.get("/orders/forged-token/").status_code == 404


def test_account_order_page_shows_own_orders_and_404s_others(client, shop):
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    own = order_with_lines(customer, number="S-1", channel="store", location=shop["store"])
    other = order_with_lines(CustomerFactory(), number="S-2")
    page = client.get(f"/account/orders/{own.number}/").content.decode()
    assert "S-1" in page and "Oslo Sentrum" in page
    assert client.get(f"/account/orders/{other.number}/").status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _variants(n):
    variants = VariantFactory.create_batch(n)
    return variants


def test_cart_checkout_and_order_pages_ask_a_constant_number_of_queries(client, shop):
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    client.get("/cart/")  # the shop's structure (menu) is read from the database once, then cached
    counts = []
    for size in (1, 6):
        CartLine.objects.all().delete()
        cart = cart_for_customer(customer=customer)
        for variant in _variants(size):
            StockLevelFactory(location=shop["store"], variant=variant, on_hand=3)
            cart_line_add(cart=cart, variant=variant, quantity=1)
        cart_queries = _queries(client, "/cart/")
        checkout_queries = _queries(client, "/checkout/")
        order = checkout_place(
            cart=cart,
            email="",
            customer=customer,
            fulfilment="pickup",
            location=shop["store"],
            payment_method="pay_at_pickup",
        )
        counts.append(
            (
                cart_queries,
                checkout_queries,
                _queries(client, f"/account/orders/{order.number}/"),
                _queries(client, "/account/orders/"),
            )
        )
    assert counts[0] == counts[1], counts


def test_guest_link_token_opens_only_that_order(client, shop):
    order = checkout_place(
        cart=cart_with([(shop["cap"], 1)]),
        email="g@example.com",
        fulfilment="pickup",
        location=shop["store"],
        payment_method="pay_at_pickup",
    )
    assert order.number in client.get(f"/orders/{order_guest_token(order=order)}/").content.decode()
