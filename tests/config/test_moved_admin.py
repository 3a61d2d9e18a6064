"""Staff bookmarks into the admin of models that left their first app (orders, inventory) still lead to them."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "old, new",
    [
        ("/admin/orders/return/", "/admin/returns/return/"),
        ("/admin/orders/deviceclient/7/change/", "/admin/channels/deviceclient/7/change/"),
        ("/admin/orders/storesale/?location__id__exact=1", "/admin/channels/storesale/?location__id__exact=1"),
        ("/admin/orders/paymentrefund/", "/admin/payments/paymentrefund/"),
        ("/admin/orders/customersegment/", "/admin/marketing/customersegment/"),
        ("/admin/inventory/transfer/3/change/", "/admin/transfers/transfer/3/change/"),
    ],
)
def test_an_old_admin_address_of_a_moved_model_redirects_to_its_new_app(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_the_orders_own_admin_is_not_redirected(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/orders/order/").status_code == 200


def test_the_new_address_of_a_moved_model_opens_for_staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(client.get("/admin/orders/return/")["Location"]).status_code == 200


def test_an_old_address_of_an_objects_page_keeps_the_rest_of_its_path(admin_client):
    moved = admin_client.get("/admin/orders/return/42/change/?_changelist_filters=refund_status%3Dfailed")

    assert moved.status_code == 301
    assert moved["Location"] == "/admin/returns/return/42/change/?_changelist_filters=refund_status%3Dfailed"


def test_the_reorder_page_keeps_its_address(admin_client):
    assert admin_client.get("/admin/inventory/stocklevel/reorder/").status_code == 200
