"""After a merge, the merged-away profile's card, email and phone still find the customer: the survivor."""

import pytest
from rest_framework.test import APIClient

from clerk.selectors import customers_matching
from customers.services import customer_merge
from tests.factories import CustomerFactory, StaffFactory, api_token_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def lars_twice(store):
    """Lars signed up on the web, and was also given a card in store with another email and phone."""
    web = CustomerFactory(
        first_name="Lars",
        last_name="Jacobsen",
        email="lars@example.com",
        phone="+4791234567",
        card_number="700011112222",
    )
    shop = CustomerFactory(
        first_name="Lars",
        last_name="Jacobsen",
        email="lars.j@work.example",
        phone="+4798765432",
        card_number="700033334444",
    )
    customer_merge(survivor=web, merged=shop)
    return web, shop


@pytest.mark.parametrize("typed", ["7000 3333 4444", "LARS.J@work.example", "987 65 432", "+47 98 76 54 32"])
def test_the_merged_profiles_keys_find_the_survivor(lars_twice, typed):
    survivor, _ = lars_twice

    assert customers_matching(query=typed, country="NO") == [survivor]


@pytest.mark.parametrize("typed", ["7000 3333 4444", "lars.j@work.example", "98765432"])
def test_the_clerk_console_opens_the_survivor_for_a_merged_card_email_or_phone(client, store, lars_twice, typed):
    survivor, _ = lars_twice
    client.force_login(StaffFactory(role="clerk", location=store))

    response = client.get("/clerk/", {"q": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/clerk/customers/{survivor.pk}/"


def test_the_staff_api_finds_the_survivor_by_a_merged_card(store, lars_twice):
    survivor, _ = lars_twice
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(StaffFactory(role='clerk', location=store))}")

    body = api.get("/api/v1/customers/lookup/", {"q": "700033334444"}).json()

    assert [match["id"] for match in body["results"]] == [survivor.pk]
    assert body["results"][0]["card_number"] == "700011112222"


def test_a_key_both_profiles_share_lists_the_survivor_once(store):
    survivor = CustomerFactory(email="same@example.com", card_number="700055556666")
    twin = CustomerFactory(email=None, card_number="700077778888")
    customer_merge(survivor=survivor, merged=twin)
    twin.__class__.objects.filter(pk=twin.pk).update(email="same@example.com")

    assert customers_matching(query="same@example.com", country="NO") == [survivor]
