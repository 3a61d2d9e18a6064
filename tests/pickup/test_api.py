"""/api/v1/pickups/: the store app's queue, steps and collect by code; staff only, scoped to their store."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from inventory.models import StockLevel
from orders.models import Order
from pickup import services
from pickup.models import Pickup
from tests.factories import LocationFactory, StaffFactory, StockLevelFactory, UserFactory, api_token_key
from tests.orders.conftest import open_every_day
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    return client


@pytest.fixture
def tablet(clerk):
    return _client(clerk)


@pytest.fixture
def bergen(shop):
    store = open_every_day(LocationFactory(code="BGO1", name="Bergen"))
    StockLevelFactory(location=store, variant=shop["jacket"], on_hand=3)
    return store


def test_the_list_shows_the_clerks_store_only_with_filters(tablet, shop, bergen):
    mine, theirs = place(shop), place(shop, location=bergen)
    services.pickup_mark_ready(pickup=place(shop), actor=None)
    body = tablet.get("/api/v1/pickups/").json()
    numbers = {row["number"] for row in body["results"]}
    assert mine.order.number in numbers and theirs.order.number not in numbers
    ready = tablet.get("/api/v1/pickups/", {"status": "ready"}).json()["results"]
    assert [row["status"] for row in ready] == ["ready"]
    assert tablet.get("/api/v1/pickups/", {"due_before": "2000-01-01T00:00:00Z"}).json()["results"] == []


def test_a_manager_sees_every_store(shop, bergen):
    theirs = place(shop, location=bergen)
    manager = _client(StaffFactory(role="store manager", location=shop["store"]))
    rows = manager.get("/api/v1/pickups/", {"location": "BGO1"}).json()["results"]
    assert [row["number"] for row in rows] == [theirs.order.number]


def test_a_manager_reads_another_stores_pickups_but_does_not_step_or_hand_them_over(shop, bergen):
    theirs = services.pickup_mark_ready(pickup=place(shop, location=bergen), actor=None)
    manager = _client(StaffFactory(role="store manager", location=shop["store"]))

    step = manager.post(f"/api/v1/pickups/{theirs.order.number}/cancel/")
    collect = manager.post(
        "/api/v1/pickups/collect/", {"code": theirs.code, "payment": "cash", "location": "BGO1"}, format="json"
    )

    assert step.status_code == 403 and collect.status_code == 403
    assert Pickup.objects.get(pk=theirs.pk).status == "ready"


def test_the_list_runs_a_constant_number_of_queries(tablet, shop):
    place(shop)
    tablet.get("/api/v1/pickups/")
    with CaptureQueriesContext(connection) as one:
        tablet.get("/api/v1/pickups/")
    for _ in range(4):
        place(shop)
    with CaptureQueriesContext(connection) as five:
        assert len(tablet.get("/api/v1/pickups/").json()["results"]) == 5
    assert len(five) == len(one)


def test_steps_then_collect_by_code_with_payment(tablet, shop):
    pickup = place(shop, quantity=2)
    number = pickup.order.number
    assert tablet.post(f"/api/v1/pickups/{number}/picking/").json()["status"] == "picking"
    ready = tablet.post(f"/api/v1/pickups/{number}/ready/").json()
    assert ready["status"] == "ready" and ready["handed_over_by"] is None
    unpaid = tablet.post("/api/v1/pickups/collect/", {"code": pickup.code}, format="json")
    assert unpaid.status_code == 400 and unpaid.json()["field"] == "payment"
    done = tablet.post("/api/v1/pickups/collect/", {"code": pickup.code, "payment": "card"}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "collected" and done.json()["handed_over_by"] == "clerk1"
    order = Order.objects.get(number=number)
    assert order.status == "completed" and order.payment_method == "card_present"
    level = StockLevel.objects.get(location=shop["store"], variant=shop["jacket"])
    assert (level.on_hand, level.reserved) == (3, 0)


def test_an_illegal_step_is_409_with_the_reason(tablet, shop):
    pickup = place(shop)
    response = tablet.post(f"/api/v1/pickups/{pickup.order.number}/cancel/")
    assert response.status_code == 200
    again = tablet.post(f"/api/v1/pickups/{pickup.order.number}/ready/")
    assert again.status_code == 409 and "cancelled; it cannot become ready" in again.json()["message"]


def test_another_stores_pickup_and_code_are_not_found(tablet, shop, bergen):
    theirs = services.pickup_mark_ready(pickup=place(shop, location=bergen), actor=None)
    assert tablet.post(f"/api/v1/pickups/{theirs.order.number}/picking/").status_code == 404
    response = tablet.post("/api/v1/pickups/collect/", {"code": theirs.code, "payment": "cash"}, format="json")
    assert response.status_code == 404
    assert Order.objects.get(pk=theirs.order_id).status == "ready"


def test_wrong_codes_get_429_after_the_limit(tablet, shop, settings):
    settings.PICKUP_CODE_ATTEMPTS = 3
    for _ in range(3):
        assert tablet.post("/api/v1/pickups/collect/", {"code": "ZZZZZZ"}, format="json").status_code == 404
    response = tablet.post("/api/v1/pickups/collect/", {"code": "ZZZZZZ"}, format="json")
    assert response.status_code == 429 and response.json()["error"] == "too_many_code_attempts"


def test_a_shoppers_token_gets_403(shop):
    pickup = place(shop)
    shopper = _client(UserFactory())
    assert shopper.get("/api/v1/pickups/").status_code == 403
    assert shopper.post(f"/api/v1/pickups/{pickup.order.number}/ready/").status_code == 403
    assert shopper.post("/api/v1/pickups/collect/", {"code": pickup.code}, format="json").status_code == 403


def test_a_step_the_desk_refuses_for_a_ship_to_store_pickup_is_409_naming_the_transfer(tablet, shop):
    pickup = place(shop, quantity=8)

    answer = tablet.post(f"/api/v1/pickups/{pickup.order.number}/picking/")

    assert answer.status_code == 409
    assert pickup.order.transfer.number in answer.json()["message"]
