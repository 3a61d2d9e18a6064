"""Every /api/ error is JSON, filters refuse values they cannot read, and the schema documents the 4xx answers."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.inventory.factories import OpeningHoursFactory

pytestmark = pytest.mark.django_db


def assert_json_error(response, status: int, error: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] == error and body["message"]


def test_an_unknown_route_under_api_is_a_json_404():
    assert_json_error(Client().get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_json_error(Client().get("/api/nothing"), 404, "not_found")


def test_an_unknown_page_outside_the_api_stays_html():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_oversized_body_is_a_json_400(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = '{"login": "' + "x" * 5_000 + '", "password": "x"}'
    response = Client().post("/api/v1/auth/token/", body, content_type="application/json")
    assert_json_error(response, 400, "invalid")


@pytest.mark.urls("tests.core.boom_urls")
def test_a_server_error_under_api_is_a_json_500_without_details():
    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert_json_error(response, 500, "error")
    assert "a bug" not in response.content.decode()


def test_csrf_failure_of_a_browser_session_is_json(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post("/api/v1/stock/receive/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/locations/?pickup_point=maybe", "/api/v1/locations/?pickup_point=yes please"],
)
def test_a_yes_no_filter_with_another_value_is_a_400(path, store):
    response = APIClient().get(path)
    assert_json_error(response, 400, "invalid")
    assert "pickup_point" in response.json()["fields"]


def test_a_staff_list_filter_with_another_value_is_a_400(store):
    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=True, is_superuser=True))
    assert_json_error(client.get("/api/v1/stock/?below_reorder_point=perhaps"), 400, "invalid")


def test_yes_no_filters_still_read_true_and_false(store):
    assert APIClient().get("/api/v1/locations/?pickup_point=true").status_code == 200
    assert APIClient().get("/api/v1/locations/?pickup_point=false").status_code == 200


@pytest.fixture
def schema():
    return APIClient().get("/api/schema/", {"format": "json"}).json()


def error_codes(schema, path, method) -> set[str]:
    responses = schema["paths"][path][method]["responses"]
    return {
        code
        for code, response in responses.items()
        if code.startswith("4")
        and response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    }


def test_schema_documents_the_errors_each_operation_returns(schema):
    assert {"error", "message"} <= set(schema["components"]["schemas"]["Error"]["properties"])
    assert error_codes(schema, "/api/v1/stock/receive/", "post") == {"400", "401", "403", "404", "409"}
    assert error_codes(schema, "/api/v1/locations/", "get") == {"400", "401", "403", "404"}
    assert "429" in error_codes(schema, "/api/v1/auth/token/", "post")
    assert {"200", "201"} <= set(schema["paths"]["/api/v1/stock/receive/"]["post"]["responses"])


def test_opening_hours_match_their_declared_format(schema, store):
    OpeningHoursFactory(location=store, weekday=0)
    declared = schema["components"]["schemas"]["OpeningHours"]["properties"]
    [hours] = APIClient().get(f"/api/v1/locations/{store.code}/").json()["opening_hours"]
    for name in ("opens", "closes"):
        assert "format" not in declared[name]  # OpenAPI's time format demands an offset a store's hours lack
        assert re.fullmatch(declared[name]["pattern"], hours[name]), hours[name]
