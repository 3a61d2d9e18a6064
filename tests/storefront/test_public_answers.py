"""A public page (a visitor without a session) is answered again before the rest of the stack while what it shows
is current: the same answer, headers and all, in the visitor's language, and never after a committed change."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore

from inventory.services import StockLine, stock_sell
from tests.factories import ProductFactory, UserFactory, api_token_key

pytestmark = pytest.mark.django_db

SET_PER_ANSWER = {"Date"}


def headers(response) -> dict:
    return {name: value for name, value in response.items() if name not in SET_PER_ANSWER}


@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_the_second_visitor_gets_the_first_visitors_answer_without_a_query(
    client, scarf, encoding, django_assert_num_queries
):
    first = client.get("/c/wear/", HTTP_ACCEPT_ENCODING=encoding)

    with django_assert_num_queries(0):
        second = client.get("/c/wear/", HTTP_ACCEPT_ENCODING=encoding)

    assert second.status_code == 200
    assert second.content == first.content
    assert headers(second) == headers(first)
    assert second["Content-Length"] == str(len(second.content))
    assert second["X-Content-Type-Options"] == "nosniff"  # the security middleware still answers around it
    assert not second.cookies


def test_a_committed_change_shows_on_the_very_next_request(client, scarf, committed):
    variant, oslo = scarf
    for _ in range(2):
        assert "Only 2 left" in client.get("/p/wool-scarf/").content.decode()

    with committed():
        stock_sell(location=oslo, lines=[StockLine(variant.pk, 2)], reference="POS-1")

    page = client.get("/p/wool-scarf/").content.decode()
    assert "Only 2 left" not in page
    assert "Not in stock in any of our stores right now." in page


def test_an_answer_in_norwegian_is_never_given_to_someone_reading_english(client, scarf):
    for _ in range(2):
        norwegian = client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9")
        assert norwegian["Content-Language"] == "nb"

    english = client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english["Content-Language"] == "en"
    assert english.content != norwegian.content
    assert '<html lang="en"' in english.content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch wins over the browser
    switched = client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9")
    assert switched["Content-Language"] == "en"


def test_a_visitor_with_a_session_never_gets_the_public_answer(client, scarf):
    client.get("/c/wear/")
    client.get("/c/wear/")
    session = SessionStore()
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    response = client.get("/c/wear/")

    assert response["Cache-Control"] == "private, no-store"
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{64}"', response.content.decode())


def test_a_host_not_allowed_is_refused_even_for_a_kept_page(client, scarf):
    client.get("/c/wear/")
    assert client.get("/c/wear/").status_code == 200

    assert client.get("/c/wear/", HTTP_HOST="evil.example.com").status_code == 400


def test_the_kept_answer_says_not_modified_to_a_client_holding_it(client, scarf):
    first = client.get("/c/wear/")
    client.get("/c/wear/")

    again = client.get("/c/wear/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Vary"] == "Accept-Encoding, Accept-Language, Cookie"
    assert "Content-Type" not in again


def test_a_product_page_is_never_kept_past_the_minute_of_its_pickup_promises(client, scarf):
    for _ in range(3):
        response = client.get("/p/wool-scarf/")
        max_age = int(response["Cache-Control"].removeprefix("public, max-age="))
        assert 1 <= max_age <= 60 - int(time.time()) % 60 + 1


def test_the_catalog_apis_list_is_answered_again_the_same_and_never_to_a_caller_with_credentials(
    client, scarf, committed, django_assert_num_queries
):
    variant, _ = scarf
    with committed():
        ProductFactory(name="Old scarf", slug="old-scarf", category=variant.product.category, is_active=False)
    built = [client.get("/api/v1/products/") for _ in range(2)][-1]
    with django_assert_num_queries(0):
        kept = client.get("/api/v1/products/")

    assert kept.content == built.content and headers(kept) == headers(built)
    assert kept["Cache-Control"] == "no-cache"
    assert "text/html" in client.get("/api/v1/products/", HTTP_ACCEPT="text/html")["Content-Type"]
    for _ in range(3):  # the public answer of this page is kept too
        assert client.get("/api/v1/products/?active=false").json()["results"] == []
    staff = {"HTTP_AUTHORIZATION": f"Token {api_token_key(UserFactory(is_staff=True))}"}
    inactive = client.get("/api/v1/products/?active=false", **staff).json()["results"]
    assert [row["name"] for row in inactive] == ["Old scarf"]

    with committed():
        variant.price = "24.50"
        variant.save()
    assert client.get("/api/v1/products/").json()["results"][0]["min_price"] == "24.50"
