"""Staff console for tills, marketplaces, returns and POS sales."""

import re

import pytest
from rest_framework.test import APIClient

from channels.models import DeviceClient
from channels.services.devices import device_client_create
from core.models import ApiKey
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
    client = DeviceClient.objects.select_related("key").get()
    assert client.key.digest == token_digest(key) and client.key.scopes == ["pos:sale", "pos:return"]
    page = admin_client.get(f"/admin/channels/deviceclient/{client.pk}/change/").content.decode()
    assert (
        key not in page and client.key.prefix in page and "Record sales at the till, Take returns at the till" in page
    )


def test_a_client_bound_to_both_a_store_and_a_channel_is_refused(admin_client, shop):
    response = admin_client.post(
        "/admin/channels/deviceclient/add/",
        {"name": "Odd", "location": shop["store"].pk, "channel": "marketplace", "scopes": ["pos:sale"]},
    )
    assert response.status_code == 200 and not DeviceClient.objects.exists() and not ApiKey.objects.exists()
    assert "Bind the client to a store (a till) or to a channel" in str(response.context["adminform"].form.errors)


def test_a_revoked_till_is_refused_by_the_api(admin_client, shop):
    added = admin_client.post(
        "/admin/channels/deviceclient/add/",
        {"name": "Till 3", "location": shop["store"].pk, "channel": "", "scopes": ["stock:read"]},
        follow=True,
    )
    key = re.search(r"<code>(dev_[0-9a-f]+)</code>", added.content.decode()).group(1)
    till = APIClient()
    till.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert till.get("/api/v1/pos/stock/", {"sku": "X"}).status_code == 200
    client = DeviceClient.objects.get()

    admin_client.post(
        "/admin/channels/deviceclient/", {"action": "revoke", "_selected_action": [client.pk]}, follow=True
    )

    assert till.get("/api/v1/pos/stock/", {"sku": "X"}).status_code == 401
    client.key.refresh_from_db()
    assert client.key.revoked_at is not None
    assert "dev_" in admin_client.get("/admin/channels/deviceclient/?key__revoked_at__isempty=0").content.decode()


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
