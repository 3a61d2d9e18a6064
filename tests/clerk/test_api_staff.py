"""Staff customer API: lookup and customer-at-a-glance for the POS and clerk tablets; shoppers get nothing."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from customers.models import Channel
from orders.models import Order
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    OrderFactory,
    PointsEntryFactory,
    StaffFactory,
    StockLevelFactory,
    UserFactory,
    VariantFactory,
    WishlistItemFactory,
    api_token_key,
)

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/customers/lookup/"


def _detail(customer) -> str:
    return f"/api/v1/customers/{customer.pk}/"


@pytest.fixture
def kari(store):
    return CustomerFactory(
        first_name="Kari",
        last_name="Nordmann",
        email="kari@example.com",
        phone="+4722334455",
        card_number="700012345674",
        home_store=store,
    )


@pytest.fixture
def clerk_api(store):
    """A clerk's tablet: token authentication, as the POS and the app use."""
    client = APIClient()
    token = api_token_key(StaffFactory(role="clerk", location=store))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def shopper_api():
    client = APIClient()
    token = api_token_key(UserFactory())
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


# Who may call


@pytest.mark.parametrize("path", [LOOKUP + "?q=kari@example.com", "detail"])
def test_anonymous_caller_is_told_to_authenticate(kari, path):
    response = APIClient().get(_detail(kari) if path == "detail" else path)

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


@pytest.mark.parametrize("path", [LOOKUP + "?q=kari@example.com", "detail"])
def test_shopper_is_forbidden(shopper_api, kari, path):
    response = shopper_api.get(_detail(kari) if path == "detail" else path)

    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied"
    assert "kari@example.com" not in response.content.decode()


def test_staff_session_works_too(client, kari, store):
    client.force_login(StaffFactory(role="store manager", location=store))

    response = client.get(LOOKUP, {"q": "Kari Nordman"})

    assert response.status_code == 200
    assert [match["id"] for match in response.json()["results"]] == [kari.pk]


# Lookup


@pytest.mark.parametrize(
    "typed", ["KARI@example.com", "+47 22 33 44 55", "22334455", "0047 22334455", "7000 1234 5674", "Nordman"]
)
def test_lookup_finds_the_customer_by_whatever_the_clerk_types(clerk_api, kari, typed):
    response = clerk_api.get(LOOKUP, {"q": typed})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [match] = body["results"]
    assert match == {
        "id": kari.pk,
        "display_name": "Kari Nordmann",
        "first_name": "Kari",
        "last_name": "Nordmann",
        "email": "kari@example.com",
        "phone": "+4722334455",
        "card_number": "700012345674",
        "home_store": {"id": kari.home_store.pk, "code": "OSL1", "name": "Oslo Sentrum"},
        "last_order_at": None,
    }


def test_lookup_leaves_out_merged_away_profiles(clerk_api, kari):
    CustomerFactory(email="kari@example.com", merged_into=kari)

    response = clerk_api.get(LOOKUP, {"q": "kari@example.com"})

    assert [match["id"] for match in response.json()["results"]] == [kari.pk]


def test_lookup_without_a_query_is_a_clear_400(clerk_api):
    response = clerk_api.get(LOOKUP)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert "q" in response.json()["fields"]


def test_lookup_is_throttled(clerk_api, kari, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"lookup": "2/min"})

    statuses = [clerk_api.get(LOOKUP, {"q": "kari@example.com"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_customer_detail_is_throttled_like_the_lookup(clerk_api, kari, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"lookup": "2/min"})

    statuses = [clerk_api.get(_detail(kari)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


# Customer at a glance


def test_detail_has_profile_wishlist_stock_orders_points_and_pickups(clerk_api, kari, store):
    bergen = LocationFactory(code="BGO1", name="Bergen Torget")
    boots = VariantFactory(product__name="Trail boots", sku="BOOT-42", price=Decimal("1499.00"))
    StockLevelFactory(location=store, variant=boots, on_hand=3, reserved=1)
    StockLevelFactory(location=bergen, variant=boots, on_hand=2)
    WishlistItemFactory(customer=kari, variant=boots)
    OrderFactory(customer=kari, channel=Channel.STORE, total=Decimal("100.00"))
    OrderFactory(customer=kari, channel=Channel.MARKETPLACE, total=Decimal("250.50"))
    OrderFactory(customer=kari, channel=Channel.WEB, total=Decimal("999.00"), status=Order.Status.CANCELLED)
    pickup = OrderFactory(
        customer=kari,
        number="W-700001",
        channel=Channel.WEB,
        fulfilment=Order.Fulfilment.PICKUP,
        status=Order.Status.READY,
        location=store,
        total=Decimal("49.90"),
    )
    PointsEntryFactory(account__customer=kari, points=320)

    response = clerk_api.get(_detail(kari))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == kari.pk
    assert body["email"] == "kari@example.com"
    assert body["card_number"] == "700012345674"
    assert body["has_account"] is False
    assert body["store"]["code"] == "OSL1"
    assert body["loyalty_balance"] == 320
    assert body["orders"]["count"] == 4
    assert body["orders"]["total_spent"] == "400.40"
    assert body["orders"]["currency"] == "NOK"
    assert body["orders"]["last_order_at"] is not None
    assert [(p["number"], p["status"], p["location"]["code"]) for p in body["open_pickups"]] == [
        (pickup.number, "ready", "OSL1")
    ]
    [wish] = body["wishlist"]
    assert wish["sku"] == "BOOT-42"
    assert wish["product"] == "Trail boots"
    assert wish["price"] == "1499.00"
    assert wish["available_here"] == 2
    assert wish["other_stores"] == [
        {"location": {"id": bergen.pk, "code": "BGO1", "name": "Bergen Torget"}, "available": 2}
    ]


def test_detail_of_a_merged_away_profile_gives_the_survivor(clerk_api, kari):
    tombstone = CustomerFactory(merged_into=kari)

    response = clerk_api.get(_detail(tombstone))

    assert response.json()["id"] == kari.pk


def test_detail_of_an_unknown_customer_is_404_json(clerk_api):
    response = clerk_api.get("/api/v1/customers/987654/")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_detail_queries_do_not_grow_with_the_wishlist(clerk_api, kari, store, django_assert_max_num_queries):
    other = CustomerFactory()
    for customer, size in ((kari, 2), (other, 20)):
        for _ in range(size):
            item = WishlistItemFactory(customer=customer)
            StockLevelFactory(location=store, variant=item.variant)
            OrderFactory(customer=customer)
    clerk_api.get(_detail(kari))

    with CaptureQueriesContext(connection) as baseline:
        clerk_api.get(_detail(kari))

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = clerk_api.get(_detail(other))

    assert len(response.json()["wishlist"]) == 20


def test_schema_documents_the_staff_endpoints(clerk_api):
    response = APIClient().get("/api/schema/", {"format": "json"})

    paths = response.json()["paths"]
    assert "q" in [p["name"] for p in paths["/api/v1/customers/lookup/"]["get"]["parameters"]]
    assert "/api/v1/customers/{id}/" in paths
