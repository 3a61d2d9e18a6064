"""GET /api/v1/me/checkout/: the app sees the pickup stores, their ready times and windows, and delivery, as the web does."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from inventory.models import OpeningHours
from pickup.models import PickupSchedule, PickupSlot
from tests.customers.factories import shopper
from tests.factories import LocationFactory, StockLevelFactory, api_token_key
from tests.orders.conftest import shop  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(shop):  # noqa: F811
    user, customer = shopper("kari@example.com")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    return client


@pytest.fixture
def window_store(shop):  # noqa: F811
    """A store open two hours a day with hour-long windows of two places, for the next two days."""
    store = LocationFactory(code="BGN1", name="Bergen Torget")
    OpeningHours.objects.bulk_create(
        [OpeningHours(location=store, weekday=day, opens=time(10), closes=time(12)) for day in range(7)]
    )
    PickupSchedule.objects.create(location=store, window_minutes=60, capacity=2, days_ahead=2)
    StockLevelFactory(location=store, variant=shop["cap"], on_hand=50)
    return store


def _options(app) -> dict:
    response = app.get("/api/v1/me/checkout/")
    assert response.status_code == 200
    return response.json()


def _store(body: dict, code: str) -> dict:
    return next(store for store in body["pickup"] if store["location"] == code)


def test_options_name_each_store_its_ready_time_what_is_missing_and_delivery(app, shop, window_store):  # noqa: F811
    app.post("/api/v1/me/cart/", {"sku": shop["jacket"].sku, "quantity": 2}, format="json")
    body = _options(app)
    oslo, bergen = _store(body, "OSL1"), _store(body, "BGN1")
    assert oslo["name"] == "Oslo Sentrum" and oslo["selectable"] and oslo["ready_at"]
    assert oslo["missing"] == [] and oslo["windows"] is None and not oslo["ship_to_store"]
    # Bergen has no jackets: the warehouse sends them, later.
    assert bergen["missing"] == [{"sku": shop["jacket"].sku, "available": 0, "wanted": 2}]
    assert bergen["selectable"] and bergen["ship_to_store"] and bergen["ready_at"] > oslo["ready_at"]
    assert body["ship"] == {"available": True, "fee": "99.00"}
    assert body["total"] == "998.00"


def test_a_store_that_cannot_take_the_cart_is_not_selectable(app, shop, window_store):  # noqa: F811
    app.post("/api/v1/me/cart/", {"sku": shop["cap"].sku, "quantity": 25}, format="json")
    body = _options(app)
    assert _store(body, "OSL1")["selectable"] is False
    assert _store(body, "OSL1")["missing"] == [{"sku": shop["cap"].sku, "available": 5, "wanted": 25}]
    assert _store(body, "BGN1")["selectable"] is True
    assert body["ship"]["available"] is True  # Bergen can send it


def test_each_window_offered_can_be_booked_until_none_remains(app, shop, window_store):  # noqa: F811
    def book(start: str):
        app.post("/api/v1/me/cart/", {"sku": shop["cap"].sku, "quantity": 1}, format="json")
        remaining = {w["start"]: w["remaining"] for w in _store(_options(app), "BGN1")["windows"]}
        payload = {"fulfilment": "pickup", "location": "BGN1", "payment": "pay_at_pickup", "slot": start}
        return remaining.get(start, 0), app.post("/api/v1/me/checkout/", payload, format="json")

    app.post("/api/v1/me/cart/", {"sku": shop["cap"].sku, "quantity": 1}, format="json")
    offered = _store(_options(app), "BGN1")["windows"]
    app.delete(f"/api/v1/me/cart/{shop['cap'].sku}/")
    assert offered and all(w["remaining"] == 2 for w in offered)
    for window in offered:
        for expected in (2, 1):
            remaining, placed = book(window["start"])
            assert remaining == expected and placed.status_code == 201, placed.json()
        remaining, full = book(window["start"])
        assert remaining == 0 and full.status_code == 409
        app.delete(f"/api/v1/me/cart/{shop['cap'].sku}/")
    app.post("/api/v1/me/cart/", {"sku": shop["cap"].sku, "quantity": 1}, format="json")
    assert _store(_options(app), "BGN1")["windows"] == []
    assert sum(PickupSlot.objects.values_list("booked", flat=True)) == 2 * len(offered)


def test_options_take_the_same_number_of_queries_whatever_the_cart(app, shop, window_store):  # noqa: F811
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _options(app)
        return len(queries)

    app.post("/api/v1/me/cart/", {"sku": shop["cap"].sku, "quantity": 1}, format="json")
    small = count()
    app.post("/api/v1/me/cart/", {"sku": shop["jacket"].sku, "quantity": 1}, format="json")
    LocationFactory(code="TRD1", name="Trondheim")
    assert count() == small <= 14


def test_options_need_a_signed_in_shopper():
    assert APIClient().get("/api/v1/me/checkout/").status_code in (401, 403)
