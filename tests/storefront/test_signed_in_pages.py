"""Shop pages for a signed-in shopper come from a shared cached shell: each shopper still sees their own cart
count, wishlist hearts, messages and home store, and a change to them shows on the next request after it commits."""

import re
import threading
import time
from decimal import Decimal

import pytest
from django.db import transaction

from core.pagecache import minute_bucket
from customers.models import WishlistItem
from customers.services import wishlist_add
from inventory.services import stock_count, stock_receive
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
    for _ in range(2):  # a product page is kept per minute (pickup promises): warm it and read it in one minute
        minute = minute_bucket()
        client.get("/c/mugs/")
        client.get(mugs.product.get_absolute_url())
        if minute_bucket(time.time() + 1) == minute:
            break

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


# The wishlist page is the shopper's own: cached per shopper, under the versions of everything it shows.


def wishlist_page(client) -> str:
    return client.get("/account/wishlist/").content.decode()


def store_badge(html: str, store: str) -> str:
    return re.search(rf"{store}</th>\s*<td><span class=\"badge badge--\w+\">(.*?)</span>", html)[1]


@pytest.fixture
def kari_wishes(client, mugs, django_capture_on_commit_callbacks):
    user, customer = shopper("kari@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        wishlist_add(customer=customer, variant=mugs)
    client.force_login(user)
    return customer


def test_a_warm_wishlist_page_asks_the_database_nothing(client, kari_wishes, django_assert_num_queries):
    wishlist_page(client)

    with django_assert_num_queries(0):
        html = wishlist_page(client)

    assert "Enamel mug" in html and "Log out" in html
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{32,}"', html) and "<!--slot:" not in html


def test_each_shopper_sees_only_their_own_wishlist(client, kari_wishes, mugs):
    ola, ola_customer = shopper("ola@example.com")
    teapot = VariantFactory(product=ProductFactory(name="Cast iron teapot"), options={})
    wishlist_add(customer=ola_customer, variant=teapot)
    other = client.__class__()
    other.force_login(ola)

    pages = [wishlist_page(client), wishlist_page(other), wishlist_page(client), wishlist_page(other)]

    assert all("Enamel mug" in page and "Cast iron teapot" not in page for page in pages[0::2])
    assert all("Cast iron teapot" in page and "Enamel mug" not in page for page in pages[1::2])


def test_the_wishlist_page_shows_a_sell_out_and_a_new_price_on_the_next_request(
    client, kari_wishes, mugs, django_capture_on_commit_callbacks
):
    oslo = mugs.stock_levels.get().location
    assert store_badge(wishlist_page(client), "Oslo Sentrum") == "In stock"

    with django_capture_on_commit_callbacks(execute=True):
        stock_count(location=oslo, variant=mugs, quantity=0, reason="broken on the shelf")
    assert store_badge(wishlist_page(client), "Oslo Sentrum") == "Out of stock"

    with django_capture_on_commit_callbacks(execute=True):
        mugs.price = Decimal("129")
        mugs.save()
    assert "NOK 129.00" in wishlist_page(client)


def test_removing_from_the_wishlist_shows_on_the_page_it_comes_back_to(client, kari_wishes, mugs):
    assert "Enamel mug" in wishlist_page(client)

    page = client.post("/account/wishlist/remove/", {"variant": mugs.pk}, follow=True).content.decode()

    assert "Your wishlist is empty." in page and "Enamel mug" in page  # the message names what was removed
    assert "Your wishlist is empty." in wishlist_page(client)
    assert "Enamel mug" not in wishlist_page(client)


@pytest.mark.parametrize("path", ["/c/mugs/", "/", "/search/?q=mug", "/account/wishlist/"])
def test_a_warm_signed_in_page_reads_the_cache_once_and_the_database_never(
    client, mugs, path, round_trips, django_assert_max_num_queries
):
    user, customer = shopper("kari@example.com")
    WishlistItem.objects.create(customer=customer, variant=mugs)
    client.force_login(user)
    client.get(path)
    round_trips.clear()

    with django_assert_max_num_queries(0):
        response = client.get(path)

    assert response.status_code == 200
    assert len(round_trips) == 1  # the session, the user, the shopper and the versions, read ahead together


def test_the_cart_count_in_the_header_moves_right_after_adding(client, mugs):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    before = cart_count(client.get("/c/mugs/").content.decode())

    client.post("/cart/add/", {"variant": mugs.pk, "quantity": 1, "next": "/c/mugs/"})
    after = cart_count(client.get("/c/mugs/").content.decode())
    client.post("/cart/add/", {"variant": mugs.pk, "quantity": 2, "next": "/c/mugs/"})
    later = cart_count(client.get("/c/mugs/").content.decode())

    assert (before, after, later) == ("0", "1", "3")


def test_each_shopper_gets_their_own_header_and_token_from_the_shared_slots(client, mugs):
    kari, _ = shopper("kari@example.com")
    ola, _ = shopper("ola@example.com")
    other = client.__class__()
    client.force_login(kari)
    other.force_login(ola)
    client.post("/cart/add/", {"variant": mugs.pk, "quantity": 2, "next": "/c/mugs/"})

    pages = {name: c.get("/c/mugs/").content.decode() for name, c in (("kari", client), ("ola", other))}
    tokens = {name: re.findall(r'name="csrfmiddlewaretoken" value="(\w+)"', html) for name, html in pages.items()}

    assert (cart_count(pages["kari"]), cart_count(pages["ola"])) == ("2", "0")
    assert tokens["kari"] and tokens["ola"] and not set(tokens["kari"]) & set(tokens["ola"])


def test_a_visitors_log_in_link_comes_back_to_the_page_it_is_on(client, mugs):
    client.post("/cart/add/", {"variant": mugs.pk, "quantity": 1, "next": "/c/mugs/"})  # a session, not signed in

    on_category = client.get("/c/mugs/").content.decode()
    on_home = client.get("/").content.decode()

    assert 'href="/accounts/login/?next=/c/mugs/"' in on_category
    assert 'href="/accounts/login/?next=/"' in on_home
    assert cart_count(on_category) == cart_count(on_home) == "1"


def test_the_header_follows_the_shoppers_language_on_the_next_page(client, mugs):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    english = client.get("/c/mugs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    client.post("/i18n/setlang/", {"language": "nb", "next": "/c/mugs/"})
    norwegian = client.get("/c/mugs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Log out" in english and "Logg ut" in norwegian
