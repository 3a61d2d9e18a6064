"""One history: a till sale, a marketplace order and a return show with their channel and store everywhere."""

import pytest
from rest_framework.test import APIClient

from channels.services.devices import device_client_create
from tests.customers.factories import shopper
from tests.factories import LocationFactory, StaffFactory, api_token_key

pytestmark = pytest.mark.django_db


def device(**kwargs) -> APIClient:
    client = APIClient()
    _, key = device_client_create(name="dev", **kwargs)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def history(shop):
    """Kari bought at the Oslo till and on the marketplace, and returned the till purchase in Bergen."""
    user, customer = shopper("kari@example.com")
    bergen = LocationFactory(code="BGO1", name="Bergen Bryggen")
    cap = shop["cap"].sku
    sale = (
        device(location=shop["store"], scopes=["pos:sale"])
        .post(
            "/api/v1/pos/sales/",
            {
                "idempotency_key": "t-1",
                "customer": {"email": "kari@example.com"},
                "lines": [{"sku": cap, "quantity": 1, "unit_price": "149.50"}],
                "payments": [{"method": "cash", "amount": "149.50"}],
            },
            format="json",
        )
        .json()
    )
    market = (
        device(channel="marketplace", scopes=["channel:orders"])
        .post(
            "/api/v1/channel-orders/",
            {
                "external_id": "FINN-9",
                "customer": {"email": "kari@example.com"},
                "lines": [{"sku": cap, "quantity": 1, "unit_price": "120.00"}],
                "fulfilment": "pickup",
                "location": "OSL1",
            },
            format="json",
        )
        .json()
    )
    ret = (
        device(location=bergen, scopes=["pos:return"])
        .post(
            "/api/v1/returns/",
            {"order": sale["number"], "lines": [{"sku": cap, "quantity": 1}], "refund_method": "cash"},
            format="json",
        )
        .json()
    )
    return {"user": user, "customer": customer, "sale": sale, "market": market, "return": ret, "bergen": bergen}


def test_the_account_history_shows_both_channels_their_store_and_the_return(client, history):
    client.force_login(history["user"])
    page = client.get("/account/orders/").content.decode()
    assert history["sale"]["number"] in page and history["market"]["number"] in page
    assert "Store" in page and "Marketplace" in page and "Oslo Sentrum" in page
    assert "at Bergen Bryggen: NOK 149.50 cash at the till (paid out in cash)" in page
    timeline = client.get("/account/timeline/").content.decode()
    assert f"Return {history['return']['number']} of order {history['sale']['number']} at Bergen Bryggen" in timeline


def test_the_app_api_lists_them_with_channel(history):
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(history['user'])}")
    rows = app.get("/api/v1/me/orders/").json()["results"]
    assert {(row["number"], row["channel"]) for row in rows} == {
        (history["sale"]["number"], "store"),
        (history["market"]["number"], "marketplace"),
    }


def test_the_clerk_sees_them_with_the_return_and_a_way_to_take_another(client, history):
    client.force_login(StaffFactory(location=history["bergen"]))
    page = client.get(f"/clerk/customers/{history['customer'].pk}/").content.decode()
    assert history["market"]["number"] in page and "Marketplace" in page
    assert "at Bergen Bryggen" in page and f"/clerk/returns/{history['sale']['number']}/" in page
