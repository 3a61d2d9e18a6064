"""/api/v1/me/…: the app sees the shopper's own profile, wishlist, orders and points — and nothing else."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from customers.models import WishlistItem
from tests.customers.factories import order_with_lines, shopper, verified_user
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    PointsEntryFactory,
    VariantFactory,
    WishlistItemFactory,
    api_token_key,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def app():
    """The mobile app: token-authenticated as shopper Kari."""
    user, customer = shopper("kari@example.com")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    client.customer = customer
    return client


def test_profile_read_and_update(app):
    store = LocationFactory(code="BGO1")
    body = app.get("/api/v1/me/").json()
    assert body["email"] == "kari@example.com"
    assert body["card_number"] == app.customer.card_number

    response = app.patch(
        "/api/v1/me/", {"first_name": "Kari", "phone": "0047 22334455", "home_store": "BGO1"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "+4722334455"
    assert response.json()["home_store"] == "BGO1"
    app.customer.refresh_from_db()
    assert app.customer.home_store == store


def test_profile_email_and_card_are_read_only(app):
    app.patch("/api/v1/me/", {"email": "evil@example.com", "card_number": "700000000000"}, format="json")
    app.customer.refresh_from_db()
    assert app.customer.email == "kari@example.com"
    assert app.customer.card_number != "700000000000"


def test_another_profiles_phone_is_refused_without_saying_whose_it_is(app):
    CustomerFactory(phone="+4791234567", first_name="Ola")

    response = app.patch("/api/v1/me/", {"phone": "912 34 567"}, format="json")

    assert response.status_code == 409
    message = response.json()["message"]
    assert "We could not save that phone number" in message
    assert "registered" not in message and "another profile" not in message


def test_profile_changes_are_rate_limited_but_reading_is_not(app, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"profile_change": "2/hour"})

    patches = [app.patch("/api/v1/me/", {"first_name": f"K{i}"}, format="json").status_code for i in range(3)]

    assert patches == [200, 200, 429]
    assert app.get("/api/v1/me/").status_code == 200


def test_bad_phone_is_a_json_400(app):
    response = app.patch("/api/v1/me/", {"phone": "123"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_wishlist_add_is_idempotent_and_marked_as_from_the_app(app):
    variant = VariantFactory(sku="LAMP-1")
    first = app.post("/api/v1/me/wishlist/", {"sku": "LAMP-1"}, format="json")
    again = app.post("/api/v1/me/wishlist/", {"sku": "LAMP-1"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["sku"] == "LAMP-1" and first.json()["price"] == str(variant.price)
    item = WishlistItem.objects.get(customer=app.customer)
    assert item.source == WishlistItem.Source.APP

    listing = app.get("/api/v1/me/wishlist/").json()
    assert [row["sku"] for row in listing["results"]] == ["LAMP-1"]


def test_wishlist_add_in_the_browser_is_from_the_web(client):
    user, customer = shopper("ola@example.com")
    VariantFactory(sku="CUP-1")
    client.force_login(user)
    assert client.post("/api/v1/me/wishlist/", {"sku": "CUP-1"}, content_type="application/json").status_code == 201
    assert WishlistItem.objects.get(customer=customer).source == WishlistItem.Source.WEB


@pytest.mark.parametrize("retired", ["variant", "product"])
def test_wishlist_add_of_an_item_no_longer_sold_is_a_json_409(app, retired):
    VariantFactory(sku="OLD-1", is_active=retired != "variant", product__is_active=retired != "product")

    response = app.post("/api/v1/me/wishlist/", {"sku": "OLD-1"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "no_longer_sold" and response.json()["sku"] == "OLD-1"
    assert "is no longer sold" in response.json()["message"]
    assert not WishlistItem.objects.exists()


def test_unknown_sku_is_a_json_404(app):
    response = app.post("/api/v1/me/wishlist/", {"sku": "NOPE"}, format="json")
    assert response.status_code == 404
    assert "message" in response.json()


def test_wishlist_delete(app):
    WishlistItemFactory(customer=app.customer, variant=VariantFactory(sku="LAMP-1"))
    assert app.delete("/api/v1/me/wishlist/LAMP-1/").status_code == 204
    assert app.delete("/api/v1/me/wishlist/LAMP-1/").status_code == 404
    assert not WishlistItem.objects.exists()


def test_orders_are_paginated_with_lines(app):
    for _ in range(3):
        order_with_lines(app.customer, lines=2)
    body = app.get("/api/v1/me/orders/?page_size=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert len(body["results"][0]["lines"]) == 2
    assert {"sku", "name", "unit_price", "quantity", "line_total"} <= set(body["results"][0]["lines"][0])


def test_loyalty_shows_card_balance_and_entries(app):
    PointsEntryFactory(account__customer=app.customer, points=300)
    PointsEntryFactory(account__customer=app.customer, points=-100, kind="redeem")
    body = app.get("/api/v1/me/loyalty/").json()
    assert body["card_number"] == app.customer.card_number
    assert body["balance"] == 200
    assert len(body["entries"]) == 2


def test_points_entries_with_no_channel_say_null_not_a_blank(app):
    PointsEntryFactory(account__customer=app.customer, points=300, channel="store")
    PointsEntryFactory(account__customer=app.customer, points=50, kind="adjust", description="Goodwill")
    entries = app.get("/api/v1/me/loyalty/").json()["entries"]
    assert sorted((entry["points"], entry["channel"]) for entry in entries) == [(50, None), (300, "store")]


def test_an_order_with_no_payment_method_recorded_says_null_not_a_blank(app):
    order = order_with_lines(app.customer, lines=1, payment_method="")
    assert app.get(f"/api/v1/me/orders/{order.number}/").json()["payment_method"] is None


def test_loyalty_balance_is_zero_without_an_account(app):
    assert app.get("/api/v1/me/loyalty/").json()["balance"] == 0


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/me/wishlist/", "/api/v1/me/orders/", "/api/v1/me/loyalty/"])
def test_anonymous_callers_get_a_json_401_or_403(path):
    response = APIClient().get(path)
    assert response.status_code in (401, 403)
    assert "message" in response.json()


def test_user_without_a_profile_gets_a_json_404():
    client = APIClient()
    client.force_authenticate(verified_user("new@example.com", verified=False))
    response = client.get("/api/v1/me/")
    assert response.status_code == 404
    assert response.json()["error"] == "no_customer_profile"
