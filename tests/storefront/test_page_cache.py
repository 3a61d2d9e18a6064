"""Shop pages come from caches keyed by versions that writers bump after commit: never stale after a committed
change, and spoken about in HTTP so a proxy may keep the pages of visitors without a session."""

import gzip
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from core.versions import STOCK, versions_get
from customers.models import Customer, WishlistItem
from inventory.services import StockLine, stock_receive, stock_sell
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def card_badge(html: str) -> str:
    return re.search(r'<p class="card-stock">\s*<span class="badge badge--\w+">.*?</span>(.*?)</span>', html, re.S)[1]


def test_sold_out_at_the_store_shows_on_the_next_request_after_commit(client, scarf, committed):
    variant, oslo = scarf
    assert card_badge(client.get("/c/wear/").content.decode()) == "Available online"
    assert "Only 2 left" in client.get("/p/wool-scarf/").content.decode()

    with committed():
        stock_sell(location=oslo, lines=[StockLine(variant.pk, 2)], reference="POS-1")

    assert card_badge(client.get("/c/wear/").content.decode()) == "Out of stock"
    product = client.get("/p/wool-scarf/").content.decode()
    assert "Only 2 left" not in product and "Not in stock in any of our stores right now." in product


def test_a_price_change_shows_on_the_next_request_after_commit(client, scarf, committed):
    variant, _ = scarf
    assert "NOK 19.99" in client.get("/c/wear/").content.decode()

    with committed():
        variant.price = Decimal("24.50")
        variant.save()

    assert "NOK 24.50" in client.get("/c/wear/").content.decode()
    assert "NOK 24.50" in client.get("/p/wool-scarf/").content.decode()


def store_filter_names(html: str) -> list[str]:
    select = re.search(r'<select name="store" id="id_store">(.*?)</select>', html, re.S)[1]
    return re.findall(r"<option [^>]*>(.*?)</option>", select)


def test_a_renamed_or_closed_store_shows_in_the_grid_filter_on_the_next_request_after_commit(client, scarf, committed):
    _, oslo = scarf
    with committed():
        bergen = LocationFactory(name="Bergen Bryggen")
    assert store_filter_names(client.get("/c/wear/").content.decode()) == [
        "Any store",
        "Bergen Bryggen",
        "Oslo Sentrum",
    ]

    with committed():
        oslo.name = "Oslo Storo"
        oslo.save()
        bergen.is_active = False
        bergen.save()

    assert store_filter_names(client.get("/c/wear/").content.decode()) == ["Any store", "Oslo Storo"]


def test_a_sale_that_changes_no_flag_keeps_the_stock_version(scarf, committed):
    variant, oslo = scarf
    with committed():
        stock_receive(location=oslo, variant=variant, quantity=20, reason="delivery")
    before = versions_get()[STOCK]
    with committed():
        stock_sell(location=oslo, lines=[StockLine(variant.pk, 1)], reference="POS-2")  # 22 → 21: still "in"
    assert versions_get()[STOCK] == before
    with committed():
        stock_sell(location=oslo, lines=[StockLine(variant.pk, 18)], reference="POS-3")  # 3 left: "Only 3 left"
    assert versions_get()[STOCK] != before


def test_a_visitor_without_a_session_gets_a_public_page_and_a_304_when_it_did_not_change(client, scarf):
    response = client.get("/c/wear/", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public, max-age=")
    # The browser's languages and the language switch's cookie choose the page's language: a proxy keys by them.
    assert response["Vary"] == "Accept-Encoding, Accept-Language, Cookie"
    assert response["Content-Encoding"] == "gzip"
    assert not response.cookies  # no session, no CSRF cookie: a proxy may keep it
    html = gzip.decompress(response.content).decode()
    assert 'name="csrfmiddlewaretoken" value=""' in html  # shop.js fetches the visitor's own token
    assert "Last-Modified" in response

    again = client.get("/c/wear/", HTTP_IF_NONE_MATCH=response["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]


def test_the_etag_changes_when_what_the_page_shows_changes(client, scarf, committed):
    variant, _ = scarf
    before = client.get("/c/wear/")["ETag"]
    with committed():
        variant.price = Decimal("30")
        variant.save()
    response = client.get("/c/wear/", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200 and response["ETag"] != before


def test_a_visitor_with_a_session_gets_the_token_in_the_forms_and_a_private_page(client, scarf):
    session = client.session
    session["seen"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get("/c/wear/")
    assert response["Cache-Control"] == "private, no-store"
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{32,}"', response.content.decode())


def test_signed_in_shopper_sees_their_own_wishlist_hearts_on_a_cached_grid(client, scarf):
    variant, _ = scarf
    client.get("/c/wear/")  # cached for visitors
    user = get_user_model().objects.create_user(username="kari", email="kari@example.com", password="x")
    customer = Customer.objects.create(user=user, email="kari@example.com")
    WishlistItem.objects.create(customer=customer, variant=variant)
    client.force_login(user)

    response = client.get("/c/wear/")

    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]
    assert 'aria-pressed="true"' in html and "Saved" in html
    assert "<!--slot:" not in html


def test_a_form_sent_without_a_token_is_asked_again_with_one(client, scarf):
    variant, _ = scarf
    csrf_client = client.__class__(enforce_csrf_checks=True)

    response = csrf_client.post("/cart/add/", {"variant": variant.pk, "quantity": 1, "next": "/c/wear/"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Please confirm" in html
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{32,}"', html)
    assert f'name="variant" value="{variant.pk}"' in html
