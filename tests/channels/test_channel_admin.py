"""Staff console for tills, marketplaces, returns and POS sales."""

import re

import pytest
from rest_framework.test import APIClient

from channels.models import DeviceClient
from channels.services.devices import device_client_create
from core.tokens import token_digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_adding_a_till_shows_its_token_once_and_keeps_only_the_hash(admin_client, shop):
    response = admin_client.post(
        "/admin/channels/deviceclient/add/",
        {"name": "Till 2", "location": shop["store"].pk, "channel": "", "scopes": ["pos:sale", "pos:return"]},
        follow=True,
    )
    key = re.search(r"<code>(dev_[0-9a-f]+)</code>", response.content.decode()).group(1)
    client = DeviceClient.objects.get()
    assert client.digest == token_digest(key) and client.scopes == ["pos:sale", "pos:return"]
    page = admin_client.get(f"/admin/channels/deviceclient/{client.pk}/change/").content.decode()
    assert key not in page and client.prefix in page


def test_a_client_bound_to_both_a_store_and_a_channel_is_refused(admin_client, shop):
    response = admin_client.post(
        "/admin/channels/deviceclient/add/",
        {"name": "Odd", "location": shop["store"].pk, "channel": "marketplace", "scopes": ["pos:sale"]},
    )
    assert response.status_code == 200 and not DeviceClient.objects.exists()


def test_a_revoked_till_is_refused_by_the_api(admin_client, shop):
    admin_client.post(
        "/admin/channels/deviceclient/add/",
        {"name": "Till 3", "location": shop["store"].pk, "channel": "", "scopes": ["pos:sale"]},
    )
    client = DeviceClient.objects.get()
    admin_client.post(
        "/admin/channels/deviceclient/", {"action": "revoke", "_selected_action": [client.pk]}, follow=True
    )
    client.refresh_from_db()
    assert client.revoked_at is not None


def test_pos_sales_page_sums_each_store_and_day_and_returns_page_lists_refund_state(admin_client, shop):
    api = APIClient()
    _, key = device_client_create(name="Till", location=shop["store"], scopes=["pos:sale", "pos:return"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for n in range(2):
        body = {
            "idempotency_key": f"k{n}",
            "lines": [{"sku": shop["cap"].sku, "quantity": 1, "unit_price": "100.00"}],
            "payments": [{"method": "cash", "amount": "100.00"}],
        }
        number = api.post("/api/v1/pos/sales/", body, format="json").json()["number"]
    api.post(
        "/api/v1/returns/",
        {"order": number, "lines": [{"sku": shop["cap"].sku, "quantity": 1}], "refund_method": "cash"},
        format="json",
    )
    page = admin_client.get("/admin/channels/storesale/").content.decode()
    assert "Sales per store and day" in page and "200.00" in page and "OSL1" in page
    returns = admin_client.get("/admin/returns/return/").content.decode()
    assert number in returns and "Paid out in cash" in returns
