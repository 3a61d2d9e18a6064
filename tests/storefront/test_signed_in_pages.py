"""Shop pages for a signed-in shopper come from a shared cached shell: each shopper still sees their own cart
count, wishlist hearts, messages and home store, and a change to them shows on the next request after it commits."""

import re
import threading
from decimal import Decimal

import pytest
from django.db import transaction

from customers.models import WishlistItem
from customers.services import wishlist_add
from inventory.services import stock_receive
from tests.customers.factories import shopper
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory

SAVED = 'Saved<span class="visually-hidden"> on your wishlist'


@pytest.fixture
def mugs(db):
    category = CategoryFactory(name="Mugs", slug="mugs")
    oslo = LocationFactory(name="Oslo Sentrum")
    mug = VariantFactory(product=ProductFactory(name="Enamel mug", category=category), options={}, price=Decimal(99))
    stock_receive(location=oslo, variant=mug, quantity=10, reason="delivery")
    return mug


def cart_count(html: str) -> str:
    return re.search(r'<span class="cart-count">\((\d+)\)</span>', html)[1]


def test_two_shoppers_on_one_cached_page_each_see_their_own_cart_and_hearts(client, mugs):
    kari, kari_customer = shopper("kari@example.com")
    WishlistItem.objects.create(customer=kari_customer, variant=mugs)
    ola, _ = shopper("ola@example.com")
    other = client.__class__()
    client.force_login(kari)
    other.force_login(ola)
    client.post("/cart/add/", {"variant": mugs.pk, "quantity": 2, "next": "/c/mugs/"})

    pages = [client.get("/c/mugs/").content.decode(), other.get("/c/mugs/").content.decode()]
    pages += [client.get("/c/mugs/").content.decode(), other.get("/c/mugs/").content.decode()]

    for kari_page in pages[0::2]:
        assert cart_count(kari_page) == "2" and SAVED in kari_page and "Log out" in kari_page
    for ola_page in pages[1::2]:
        assert cart_count(ola_page) == "0" and SAVED not in ola_page and "Log out" in ola_page
    assert all("<!--slot:" not in page for page in pages)


def test_a_message_shows_once_on_a_cached_page(client, mugs):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    client.get("/c/mugs/")  # the shell is cached before the message exists

    after_add = client.post("/cart/add/", {"variant": mugs.pk, "quantity": 1, "next": "/c/mugs/"}, follow=True)
    again = client.get("/c/mugs/")

    assert "is in your cart." in after_add.content.decode()
    assert "is in your cart." not in again.content.decode()


def test_the_log_out_form_on_a_cached_page_carries_this_shoppers_token(client, mugs):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    client.get("/c/mugs/")

    html = client.get("/c/mugs/").content.decode()

    logout = re.search(r'<form action="/accounts/logout/".*?</form>', html, re.S)[0]
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{32,}"', logout)


def test_a_warm_page_for_a_signed_in_shopper_asks_the_database_nothing(client, mugs, django_assert_num_queries):
    user, customer = shopper("kari@example.com")
    WishlistItem.objects.create(customer=customer, variant=mugs)
    client.force_login(user)
    client.get("/c/mugs/")
    client.get(mugs.product.get_absolute_url())

    with django_assert_num_queries(0):
        category = client.get("/c/mugs/")
        product = client.get(mugs.product.get_absolute_url())

    assert SAVED in category.content.decode()
    assert "On your wishlist" in product.content.decode()


def test_a_new_home_store_preselects_its_filter_on_the_next_page(client, mugs):
    user, customer = shopper("kari@example.com")
    bergen = LocationFactory(name="Bergen Bryggen")
    client.force_login(user)
    client.get("/c/mugs/")

    customer.home_store = bergen
    customer.save()
    html = client.get("/c/mugs/").content.decode()

    assert re.search(rf'<option value="{bergen.pk}" selected>Bergen Bryggen</option>', html)


@pytest.mark.django_db(transaction=True)
def test_a_page_read_while_a_wishlist_change_commits_is_not_kept_after_the_commit(client):
    """A request that reads the wishlist before the change commits may cache what it saw; the next request after
    the commit must not be served from that."""
    category = CategoryFactory(slug="mugs")
    mug = VariantFactory(product=ProductFactory(name="Enamel mug", category=category), options={})
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    client.get("/c/mugs/")
    written, read = threading.Event(), threading.Event()
    seen_during = []

    def save_to_wishlist():
        with transaction.atomic():
            wishlist_add(customer=customer, variant=mug)
            written.set()
            read.wait(timeout=10)  # the other request reads (and caches) while this one is still open
        from django.db import connection

        connection.close()

    writer = threading.Thread(target=save_to_wishlist)
    writer.start()
    assert written.wait(timeout=10)
    seen_during.append(client.get("/c/mugs/").content.decode())
    read.set()
    writer.join(timeout=10)

    assert SAVED not in seen_during[0]  # not committed yet: the other request cannot see it
    assert SAVED in client.get("/c/mugs/").content.decode()
