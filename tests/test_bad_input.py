"""Bad input answers 4xx, never 500: NUL characters anywhere, huge quantities, deep JSON, odd admin dates."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from inventory.models import StockMovement
from inventory.services import stock_receive
from tests.factories import UserFactory, VariantFactory
from transfers.models import Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_api(boss):
    client = APIClient()
    client.force_authenticate(boss)
    return client


@pytest.fixture
def shirt(db):
    return VariantFactory(sku="TEE-M")


def assert_json_400(response, error="invalid"):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == error


def test_nul_in_the_search_query_is_a_400_page(client):
    response = client.get("/search/?q=%00tee")
    assert response.status_code == 400
    assert not response["Content-Type"].startswith("application/json")


def test_nul_in_a_url_parameter_of_the_api_is_a_json_400(client, store):
    assert_json_400(client.get("/api/v1/locations/OSL%001/"))


def test_nul_in_a_list_filter_is_a_json_400(staff_api, store):
    assert_json_400(staff_api.get("/api/v1/stock/", {"sku": "TEE\x00"}))


@pytest.mark.parametrize("field", ["sku", "location", "reason", "reference"])
def test_nul_in_a_json_field_is_a_json_400(staff_api, store, shirt, field):
    payload = {"location": "OSL1", "sku": "TEE-M", "quantity": 1, "reason": "delivery", "reference": "d-1"}
    payload[field] += "\x00"
    assert_json_400(staff_api.post("/api/v1/stock/receive/", payload, format="json"))
    assert not StockMovement.objects.exists()


def test_nul_in_transfer_fields_is_a_json_400(staff_api, store, warehouse, shirt):
    payload = {"source": "OSL1", "destination": "WH1\x00", "lines": [{"sku": "TEE-M", "quantity": 1}]}
    assert_json_400(staff_api.post("/api/v1/transfers/", payload, format="json"))
    assert not Transfer.objects.exists()


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul(staff_api, store, shirt):
    body = json.dumps({"location": "OSL1", "sku": "TEE-M", "quantity": 1, "reason": "path C:\\u0000"})
    response = staff_api.post("/api/v1/stock/receive/", body, content_type="application/json")
    assert response.status_code == 201
    assert StockMovement.objects.get().reason == "path C:\\u0000"


def test_nul_in_a_form_field_is_a_400(client):
    response = client.post("/accounts/login/", {"login": "a\x00@example.com", "password": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/api/v1/stock/receive/", {}),
        ("/api/v1/stock/count/", {}),
        ("/api/v1/stock/adjust/", {"reason": "found"}),
    ],
)
@pytest.mark.parametrize("quantity", [2**31, -(2**31), 10**30])
def test_a_huge_quantity_is_a_400_not_an_integer_overflow(staff_api, store, shirt, path, extra, quantity):
    stock_receive(location=store, variant=shirt, quantity=5)
    payload = {"location": "OSL1", "sku": "TEE-M", "quantity": quantity, **extra}
    response = staff_api.post(path, payload, format="json")
    assert_json_400(response)
    assert "quantity" in response.json()["fields"]
    assert StockMovement.objects.count() == 1


def test_a_huge_transfer_line_is_a_400(staff_api, store, warehouse, shirt):
    payload = {"source": "OSL1", "destination": "WH1", "lines": [{"sku": "TEE-M", "quantity": 2**31}]}
    assert_json_400(staff_api.post("/api/v1/transfers/", payload, format="json"))
    assert not Transfer.objects.exists()


def test_the_quantity_bound_is_a_setting(staff_api, store, shirt, settings):
    settings.MAX_QUANTITY = 10
    payload = {"location": "OSL1", "sku": "TEE-M", "quantity": 11}
    assert_json_400(staff_api.post("/api/v1/stock/receive/", payload, format="json"))
    payload["quantity"] = 10
    assert staff_api.post("/api/v1/stock/receive/", payload, format="json").status_code == 201


def test_the_admin_receive_form_refuses_a_huge_quantity(admin_client, store, shirt):
    from inventory.forms import ReceiveForm

    form = ReceiveForm(data={"quantity": str(2**31), "reason": ""})
    assert not form.is_valid()
    assert "quantity" in form.errors


def test_deeply_nested_json_on_the_token_endpoint_is_a_400(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert_json_400(response, error="parse_error")


def test_moderately_nested_json_is_refused_too(client):
    body = '{"login": ' + "[" * 40 + '"x"' + "]" * 40 + ', "password": "x"}'
    assert_json_400(client.post("/api/v1/auth/token/", body, content_type="application/json"), error="parse_error")


@pytest.mark.parametrize(
    "query",
    [
        "placed_at__year=99999999999",
        "placed_at__year=9999",
        "placed_at__year=2024&placed_at__month=99999999999999999999",
    ],
)
def test_an_out_of_range_date_in_the_admin_changelist_goes_back_to_the_list(admin_client, query):
    response = admin_client.get(f"/admin/orders/order/?{query}")
    assert response.status_code == 302
    assert response["Location"] == "/admin/orders/order/?e=1"


def test_an_unknown_api_route_is_a_json_404(db):
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


# ---- Digits of other scripts: str.isdigit() says yes to '²', int('²') then fails ----


def test_a_superscript_location_in_the_stock_list_is_ignored_not_a_500(admin_client, store, shirt):
    stock_receive(location=store, variant=shirt, quantity=1)
    response = admin_client.get("/admin/inventory/stocklevel/", {"location": "²"})
    assert response.status_code == 200
    assert b"TEE-M" in response.content


@pytest.mark.parametrize("days", ["９", "²", "-5", "1e3"])
def test_a_sales_window_not_in_ascii_digits_falls_back_to_30_days(admin_client, store, days):
    response = admin_client.get("/admin/inventory/stocklevel/reorder/", {"location": store.pk, "days": days})
    assert response.status_code == 200
    assert response.context["days"] == 30


def test_a_superscript_variant_id_on_the_wishlist_button_is_a_404_not_a_500(client, shirt):
    response = client.post("/account/wishlist/add/", {"variant": "²"})
    assert response.status_code == 404
