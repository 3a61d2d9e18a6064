"""The timeline and the points history are written as what happened (a kind and its values) and read in the reader's
language: the same rows say it in Norwegian to a Norwegian customer and in English to an English one."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from customers.services import customer_set_consent, wishlist_add
from loyalty.services import points_adjust, points_earn_for_purchase, reward_create
from tests.customers.factories import shopper
from tests.factories import VariantFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def kari(client):
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    wishlist_add(customer=customer, variant=VariantFactory(product__name="Wool scarf", options={}))
    customer_set_consent(customer=customer, consent=True, channel="web", how="")
    points_earn_for_purchase(
        customer=customer, amount=Decimal("1250.00"), key="order:W-7", channel="web", order_number="W-7"
    )
    reward_create(customer=customer, points=100)
    points_adjust(customer=customer, points=5, reason="Goodwill", key="adjust:t:1")
    return customer


def _speaking(customer, language):
    customer.language = language
    customer.save(update_fields=["language"])


def test_the_activity_page_says_what_happened_in_norwegian_to_a_norwegian_customer(client, kari):
    _speaking(kari, "nb")
    page = text(client.get(reverse("storefront:timeline")))
    assert "Wool scarf lagt på ønskelisten" in page
    assert "Markedsførings-e-post slått på" in page
    assert "wishlist" not in page and "Marketing emails" not in page


def test_the_activity_page_says_the_same_rows_in_english_to_an_english_customer(client, kari):
    _speaking(kari, "en")
    page = text(client.get(reverse("storefront:timeline")))
    assert "Added Wool scarf to the wishlist" in page
    assert "Marketing emails turned on" in page


def test_the_points_history_speaks_the_customers_language(client, kari):
    _speaking(kari, "nb")
    norwegian = text(client.get(reverse("storefront:loyalty")))
    assert "Bestilling W-7" in norwegian
    assert re.search(r"Bonuskode \S+: 1,00 kr i avslag", norwegian)
    assert "Justert av" not in norwegian and "Justert: Goodwill" in norwegian
    assert "Reward code" not in norwegian and "Order W-7" not in norwegian

    _speaking(kari, "en")
    english = text(client.get(reverse("storefront:loyalty")))
    assert (
        "Order W-7" in english
        and re.search(r"Reward code \S+: NOK.?1\.00 off", english)
        and "Adjusted: Goodwill" in english
    )
