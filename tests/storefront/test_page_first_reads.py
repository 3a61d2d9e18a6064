"""A page for someone with a session reads the session, the user, the shopper and the versions in one round trip,
and its forms carry this request's own CSRF token: what each shopper sees is still theirs, on the very next
request after a change."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory

from customers.models import WishlistItem
from inventory.services import stock_receive
from storefront.pagecache import masked_token
from storefront.sessions import SessionStore
from tests.customers.factories import shopper
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory

SAVED = 'Saved<span class="visually-hidden"> on your wishlist'


@pytest.fixture
def mugs(db):
    category = CategoryFactory(name="Mugs", slug="mugs")
    mug = VariantFactory(product=ProductFactory(name="Enamel mug", category=category), options={}, price=Decimal(99))
    stock_receive(location=LocationFactory(name="Oslo Sentrum"), variant=mug, quantity=10, reason="delivery")
    return mug


def cart_count(html: str) -> str:
    return re.search(r'<span class="cart-count">\((\d+)\)</span>', html)[1]


def token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html)[1]


@pytest.mark.parametrize("path", ["/c/mugs/", "/", "/account/wishlist/"])
def test_a_warm_signed_in_page_reads_the_cache_once(client, mugs, path, round_trips):
    user, customer = shopper("kari@example.com")
    WishlistItem.objects.create(customer=customer, variant=mugs)
    client.force_login(user)
    client.get(path)
    round_trips.clear()

    response = client.get(path)

    assert response.status_code == 200 and "Log out" in response.content.decode()
    assert len(round_trips) == 1


def test_a_visitor_with_a_cart_reads_the_cache_once(client, mugs, round_trips):
    client.post("/cart/add/", {"variant": mugs.pk, "quantity": 2, "next": "/c/mugs/"})
    client.get("/c/mugs/")
    round_trips.clear()

    html = client.get("/c/mugs/").content.decode()

    assert cart_count(html) == "2" and "Log in" in html
    assert len(round_trips) == 1


def test_cart_count_and_hearts_move_on_the_very_next_request(client, mugs):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    client.get("/c/mugs/")
    client.get("/c/mugs/")

    client.post("/cart/add/", {"variant": mugs.pk, "quantity": 3, "next": "/c/mugs/"})
    client.post("/account/wishlist/add/", {"variant": mugs.pk, "next": "/c/mugs/"})
    html = client.get("/c/mugs/").content.decode()

    assert cart_count(html) == "3" and SAVED in html


def test_a_session_that_names_another_user_shows_that_users_page_at_once(client, mugs):
    kari, _ = shopper("kari@example.com")
    ola, ola_customer = shopper("ola@example.com")
    WishlistItem.objects.create(customer=ola_customer, variant=mugs)
    client.force_login(kari)
    client.get("/c/mugs/")
    assert SAVED not in client.get("/c/mugs/").content.decode()  # the process knows this session as Kari's

    other = Client()
    other.force_login(ola)
    session = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    for key, value in other.session.items():  # the same session, now Ola's (as a login in another process might)
        session[key] = value
    session.save()
    html = client.get("/c/mugs/").content.decode()

    assert SAVED in html
    assert client.session[SESSION_KEY] == str(ola.pk)


def test_a_token_from_a_cached_page_is_accepted_and_new_on_each_page(mugs):
    user, _ = shopper("kari@example.com")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get("/c/mugs/")
    first = token_in(browser.get("/c/mugs/").content.decode())
    token = token_in(browser.get("/c/mugs/").content.decode())

    refused = browser.post("/account/wishlist/add/", {"variant": mugs.pk, "next": "/c/mugs/"})
    sent = browser.post(
        "/account/wishlist/add/", {"variant": mugs.pk, "next": "/c/mugs/", "csrfmiddlewaretoken": token}
    )

    assert first != token and _unmask_cipher_token(first) == _unmask_cipher_token(token)
    assert refused.status_code == 403
    assert sent.status_code == 302 and SAVED in browser.get("/c/mugs/").content.decode()


def test_a_masked_token_unmasks_to_the_requests_secret():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "a" * 16 + "Z9" * 8

    tokens = {masked_token(request) for _ in range(50)}

    assert len(tokens) == 50
    assert all(len(token) == 64 and _unmask_cipher_token(token) == request.META["CSRF_COOKIE"] for token in tokens)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]


def test_a_session_gone_from_the_cache_is_read_from_the_database(client, mugs):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    client.get("/c/mugs/")
    cache.delete(SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value).cache_key)

    html = client.get("/c/mugs/").content.decode()

    assert "Log out" in html


def test_a_logged_out_session_shows_a_visitors_header_at_once(client, mugs):
    user, _ = shopper("kari@example.com")
    client.force_login(user)
    client.get("/c/mugs/")
    client.get("/c/mugs/")

    client.post("/accounts/logout/")
    html = client.get("/c/mugs/").content.decode()

    assert "Log in" in html and "Log out" not in html
