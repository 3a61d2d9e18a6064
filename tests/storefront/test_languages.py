"""The shop in the customer's language: chosen per request (profile, switch, browser, shop), cached per language,
remembered on the profile at sign-up, checkout, the switch and the profile page, and in the API."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from customers.models import Customer
from inventory.services import stock_receive
from tests.customers.factories import shopper
from tests.factories import CategoryFactory, LocationFactory, ProductFactory, VariantFactory, api_token_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def scarf(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wear = CategoryFactory(name="Wear", slug="wear")
        oslo = LocationFactory(name="Oslo Sentrum")
        variant = VariantFactory(product=ProductFactory(name="Wool scarf", slug="wool-scarf", category=wear))
        stock_receive(location=oslo, variant=variant, quantity=2, reason="delivery")
    return variant


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.content.decode())[1]


def test_a_page_cached_for_a_norwegian_visitor_is_never_served_to_an_english_one(client, scarf):
    norwegian = client.get("/p/wool-scarf/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9,en;q=0.5")
    english = client.get("/p/wool-scarf/", HTTP_ACCEPT_LANGUAGE="en")

    assert html_lang(norwegian) == "nb" and html_lang(english) == "en"
    assert "Bare 2 igjen" in norwegian.content.decode() and "Only 2 left" in english.content.decode()
    assert "Only 2 left" not in norwegian.content.decode()
    assert norwegian["ETag"] != english["ETag"], "one cache entry per language"
    for response in (norwegian, english):
        assert response["Cache-Control"].startswith("public")
        assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    # The Norwegian page's validator does not turn an English request into a 304 of the Norwegian page.
    again = client.get("/p/wool-scarf/", HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=norwegian["ETag"])
    assert again.status_code == 200 and html_lang(again) == "en"
    # And each language's cached page comes back as it was drawn.
    assert client.get("/p/wool-scarf/", HTTP_ACCEPT_LANGUAGE="nb").content == norwegian.content


def test_prices_on_a_page_follow_the_language(client, scarf):
    assert "19,99\xa0kr" in client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "NOK 19.99" in client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("no", "nb"), ("nn-NO", "nb"), ("de-DE,de;q=0.9,en-GB;q=0.5", "en"), ("fr, nb;q=0.1, en;q=0", "nb")],
)
def test_the_browsers_languages_pick_the_first_one_the_shop_speaks(client, scarf, accept, expected):
    assert html_lang(client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE=accept)) == expected


def test_a_browser_asking_for_no_language_the_shop_speaks_gets_the_shops_own(client, scarf, settings):
    settings.LANGUAGE_CODE = "nb"
    assert html_lang(client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="de")) == "nb"
    assert html_lang(client.get("/c/wear/")) == "nb"


def test_the_switchs_cookie_beats_the_browser(client, scarf):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    assert html_lang(client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="en")) == "nb"


def test_the_signed_in_customers_profile_beats_the_switchs_cookie(client, scarf):
    user, customer = shopper("kari@example.com")
    Customer.objects.filter(pk=customer.pk).update(language="nb")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == "nb"
    assert response["Content-Language"] == "nb"


def test_the_footer_switch_is_a_labelled_form_that_works_without_javascript(client, scarf):
    html = client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    form = re.search(r'<form class="language-switch" action="/i18n/setlang/" method="post">.*?</form>', html, re.S)[0]
    assert '<label for="language-switch">Språk</label>' in form
    assert '<option value="nb" lang="nb" selected>Norsk (bokmål)</option>' in form
    assert '<option value="en" lang="en">English</option>' in form
    assert '<input type="hidden" name="next" value="/c/wear/">' in form
    assert '<button type="submit" class="button--secondary">Bytt språk</button>' in form

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/c/wear/"})

    assert response.status_code == 302 and response["Location"] == "/c/wear/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert html_lang(client.get("/c/wear/", HTTP_ACCEPT_LANGUAGE="nb")) == "en"


def test_the_switch_on_a_page_cached_for_every_visitor_asks_once_for_confirmation(scarf):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    html = browser.get("/c/wear/").content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in html  # no token in a page cached for everyone

    asked = browser.post("/i18n/setlang/", {"language": "nb", "next": "/c/wear/"})

    assert asked.status_code == 403 and 'name="language" value="nb"' in asked.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', asked.content.decode())[1]
    confirmed = browser.post("/i18n/setlang/", {"language": "nb", "next": "/c/wear/", "csrfmiddlewaretoken": token})
    assert confirmed.status_code == 302 and confirmed.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"


def test_the_switch_keeps_a_signed_in_customers_choice_on_their_profile(client, scarf):
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "nb", "next": "/c/wear/"})
    customer.refresh_from_db()
    assert customer.language == "nb"
    assert html_lang(client.get("/c/wear/")) == "nb", "the next page follows the profile at once"


def test_the_profile_page_changes_the_language(client):
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    page = client.get(reverse("storefront:profile")).content.decode()
    assert '<option value="" selected>The shop&#x27;s language</option>' in page

    response = client.post(reverse("storefront:profile"), {"first_name": "Kari", "language": "nb"})

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.language == "nb"
    assert html_lang(client.get(reverse("storefront:profile"))) == "nb"


def test_a_guest_checkout_remembers_the_language_it_was_made_in(client, mailoutbox, django_capture_on_commit_callbacks):
    from tests.factories import StockLevelFactory
    from tests.orders.conftest import open_every_day

    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum"))
    variant = VariantFactory()
    StockLevelFactory(location=store, variant=variant, on_hand=5)
    client.post("/cart/add/", {"sku": variant.sku, "quantity": "1"}, HTTP_ACCEPT_LANGUAGE="nb")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/checkout/",
            {
                "email": "ola@example.com",
                "name": "Ola",
                "fulfilment": "pickup",
                "location": "OSL1",
                "payment": "pay_at_pickup",
            },
            HTTP_ACCEPT_LANGUAGE="nb",
        )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Customer.objects.get(email="ola@example.com").language == "nb"
    from core.models import OutboxMessage

    assert OutboxMessage.objects.get(key__startswith="order-confirmation:").language == "nb"


def test_sign_up_keeps_the_language_the_shopper_verified_in(client, mailoutbox, django_capture_on_commit_callbacks):
    password = "a-long-Unusual-passphrase-42"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "kari@example.com", "password1": password, "password2": password},
            HTTP_ACCEPT_LANGUAGE="nb",
        )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mailoutbox[0].body)[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, HTTP_ACCEPT_LANGUAGE="nb")
    assert Customer.objects.get(email="kari@example.com").language == "nb"


@pytest.fixture
def app():
    user, customer = shopper("kari@example.com")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    client.customer = customer
    return client


def test_the_app_reads_and_changes_the_language_on_the_profile(app):
    assert app.get("/api/v1/me/").json()["language"] == ""

    response = app.patch("/api/v1/me/", {"language": "nb"}, format="json")

    assert response.status_code == 200 and response.json()["language"] == "nb"
    app.customer.refresh_from_db()
    assert app.customer.language == "nb"
    refused = app.patch("/api/v1/me/", {"language": "de"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "language" in refused.content.decode()


def test_api_errors_speak_the_requests_language_and_numbers_stay_machine_readable(app, scarf):
    norwegian = APIClient().post("/api/v1/auth/token/", {}, format="json", HTTP_ACCEPT_LANGUAGE="nb")
    english = APIClient().post("/api/v1/auth/token/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert norwegian.status_code == english.status_code == 400
    assert "Dette feltet er påkrevd." in norwegian.content.decode()
    assert "This field is required." in english.content.decode()

    products = APIClient().get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="nb").json()["results"]
    assert products[0]["min_price"] == "19.99"
