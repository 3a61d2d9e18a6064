"""The stock API: public locations; stock levels and stock changes for staff, by role and by store."""

from datetime import time

import pytest
from rest_framework.test import APIClient

from inventory.models import StockLevel, StockMovement
from inventory.services import StockLine, stock_receive, stock_reserve
from tests.factories import LocationFactory, StaffFactory, UserFactory, VariantFactory
from tests.inventory.factories import OpeningHoursFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def shirt(db):
    return VariantFactory(sku="TEE-M")


@pytest.fixture
def clerk(store):
    return StaffFactory(role="clerk", location=store)


@pytest.fixture
def manager(store):
    return StaffFactory(role="store manager", location=store)


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


# ---- locations ----


def test_anyone_can_list_locations_with_hours_and_pickup_details(api, store):
    OpeningHoursFactory(location=store, weekday=0, opens=time(10), closes=time(20))
    LocationFactory(is_active=False)

    response = api.get("/api/v1/locations/")

    assert response.status_code == 200
    [location] = response.json()["results"]
    assert location["code"] == "OSL1"
    assert location["opening_hours"] == [{"weekday": 0, "day": "Monday", "opens": "10:00:00", "closes": "20:00:00"}]
    assert location["is_pickup_point"] is True and location["pickup_lead_minutes"] == 120
    assert set(location["address"]) == {"line", "postal_code", "city", "country"}
    assert "email" not in location


def test_location_detail_by_code_and_filter_by_kind(api, store, warehouse):
    assert api.get("/api/v1/locations/OSL1/").json()["name"] == "Oslo Sentrum"
    codes = [loc["code"] for loc in api.get("/api/v1/locations/?kind=warehouse").json()["results"]]
    assert codes == ["WH1"]


# ---- stock levels ----


def test_stock_list_is_for_staff_only(api, store, shirt):
    stock_receive(location=store, variant=shirt, quantity=3)
    assert api.get("/api/v1/stock/").status_code in (401, 403)
    assert as_user(UserFactory()).get("/api/v1/stock/").status_code == 403


def test_stock_list_filters_by_location_sku_and_reorder_point(clerk, store, warehouse, shirt):
    cap = VariantFactory(sku="CAP-1")
    stock_receive(location=store, variant=shirt, quantity=3)
    stock_receive(location=store, variant=cap, quantity=30)
    stock_receive(location=warehouse, variant=shirt, quantity=100)
    StockLevel.objects.filter(location=store).update(reorder_point=5)
    client = as_user(clerk)

    rows = client.get("/api/v1/stock/?location=OSL1").json()["results"]
    assert [(r["sku"], r["on_hand"], r["available_online"]) for r in rows] == [("CAP-1", 30, 30), ("TEE-M", 3, 3)]
    assert [r["location"] for r in client.get("/api/v1/stock/?sku=tee-m").json()["results"]] == ["OSL1", "WH1"]
    low = client.get("/api/v1/stock/?below_reorder_point=true").json()["results"]
    assert [(r["location"], r["sku"], r["below_reorder_point"]) for r in low] == [("OSL1", "TEE-M", True)]
    page = client.get("/api/v1/stock/?page_size=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]


@pytest.mark.parametrize("levels", [2, 20])
def test_stock_list_query_count_does_not_grow(clerk, store, levels, django_assert_max_num_queries):
    for _ in range(levels):
        stock_receive(location=store, variant=VariantFactory(), quantity=1)
    client = as_user(clerk)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/stock/?page_size=50").status_code == 200


# ---- receive, adjust, count: role and store ----


def test_clerk_receives_at_their_own_store(clerk, store, shirt):
    response = as_user(clerk).post(
        "/api/v1/stock/receive/", {"location": "OSL1", "sku": "TEE-M", "quantity": 5, "reason": "Delivery 42"}
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stock_level"]["on_hand"] == 5
    assert body["movement"]["kind"] == "receive" and body["movement"]["actor"] == clerk.username
    assert StockMovement.objects.get().actor == clerk


def test_clerk_cannot_receive_at_another_store(clerk, warehouse, shirt):
    response = as_user(clerk).post("/api/v1/stock/receive/", {"location": "WH1", "sku": "TEE-M", "quantity": 5})
    assert response.status_code == 403
    assert not StockMovement.objects.exists()


def test_clerk_counts_but_may_not_adjust(clerk, store, shirt):
    stock_receive(location=store, variant=shirt, quantity=5)
    client = as_user(clerk)

    counted = client.post("/api/v1/stock/count/", {"location": "OSL1", "sku": "TEE-M", "quantity": 4})
    adjusted = client.post(
        "/api/v1/stock/adjust/", {"location": "OSL1", "sku": "TEE-M", "quantity": -1, "reason": "Damaged"}
    )

    assert counted.status_code == 201 and counted.json()["stock_level"]["on_hand"] == 4
    assert adjusted.status_code == 403
    assert StockLevel.objects.get().on_hand == 4


def test_manager_adjusts_at_their_store_only(manager, store, warehouse, shirt):
    stock_receive(location=store, variant=shirt, quantity=5)
    client = as_user(manager)

    ok = client.post("/api/v1/stock/adjust/", {"location": "OSL1", "sku": "TEE-M", "quantity": -2, "reason": "Damaged"})
    elsewhere = client.post(
        "/api/v1/stock/adjust/", {"location": "WH1", "sku": "TEE-M", "quantity": 2, "reason": "Found"}
    )

    assert ok.status_code == 201 and ok.json()["stock_level"]["on_hand"] == 3
    assert elsewhere.status_code == 403


def test_admin_changes_stock_anywhere(admin_user, warehouse, shirt):
    response = as_user(admin_user).post("/api/v1/stock/receive/", {"location": "WH1", "sku": "TEE-M", "quantity": 7})
    assert response.status_code == 201


def test_shopper_cannot_change_stock(store, shirt):
    response = as_user(UserFactory()).post(
        "/api/v1/stock/receive/", {"location": "OSL1", "sku": "TEE-M", "quantity": 5}
    )
    assert response.status_code == 403


# ---- errors: 409 on shortage, 400 naming the field ----


def test_adjusting_away_reserved_units_is_a_409_naming_the_sku(manager, store, shirt):
    stock_receive(location=store, variant=shirt, quantity=3)
    stock_reserve(location=store, lines=[StockLine(shirt.id, 2)], reference="W-1")

    response = as_user(manager).post(
        "/api/v1/stock/adjust/", {"location": "OSL1", "sku": "TEE-M", "quantity": -2, "reason": "Damaged"}
    )

    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "insufficient_stock"
    assert "TEE-M" in body["message"]
    assert body["lines"] == [{"sku": "TEE-M", "requested": 2, "available": 1}]
    assert StockLevel.objects.get().on_hand == 3


def test_count_below_reserved_is_a_409(clerk, store, shirt):
    stock_receive(location=store, variant=shirt, quantity=3)
    stock_reserve(location=store, lines=[StockLine(shirt.id, 2)], reference="W-1")
    response = as_user(clerk).post("/api/v1/stock/count/", {"location": "OSL1", "sku": "TEE-M", "quantity": 1})
    assert response.status_code == 409
    assert response.json()["error"] == "count_below_reserved"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"location": "OSL1", "sku": "TEE-M", "quantity": 0}, "quantity"),
        ({"location": "OSL1", "sku": "TEE-M", "quantity": -3}, "quantity"),
        ({"location": "OSL1", "sku": "TEE-M", "quantity": "many"}, "quantity"),
        ({"location": "OSL1", "sku": "NOPE", "quantity": 1}, "sku"),
        ({"location": "NOWHERE", "sku": "TEE-M", "quantity": 1}, "location"),
        ({"sku": "TEE-M", "quantity": 1}, "location"),
    ],
)
def test_bad_receive_is_a_400_naming_the_field(clerk, shirt, payload, field):
    response = as_user(clerk).post("/api/v1/stock/receive/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not StockMovement.objects.exists()


def test_adjust_without_reason_or_with_zero_is_a_400(manager, shirt):
    client = as_user(manager)
    no_reason = client.post("/api/v1/stock/adjust/", {"location": "OSL1", "sku": "TEE-M", "quantity": -1})
    zero = client.post("/api/v1/stock/adjust/", {"location": "OSL1", "sku": "TEE-M", "quantity": 0, "reason": "x"})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    assert zero.status_code == 400 and "quantity" in zero.json()["fields"]


def test_receive_at_an_inactive_location_is_a_400(admin_user, shirt):
    LocationFactory(code="OLD1", is_active=False)
    response = as_user(admin_user).post("/api/v1/stock/receive/", {"location": "OLD1", "sku": "TEE-M", "quantity": 1})
    assert response.status_code == 400
    assert response.json()["field"] == "location"


def test_schema_documents_the_stock_endpoints(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    for path in ("/api/v1/stock/receive/", "/api/v1/locations/", "/api/v1/transfers/{id}/ship/"):
        assert path.encode() in response.content
