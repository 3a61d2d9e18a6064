"""Transfers in the staff console: drafted through transfer_create with lines by SKU, then only actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.models import StockLevel, StockMovement
from inventory.services import StockLine, stock_receive
from tests.factories import StaffFactory, VariantFactory
from transfers.models import Transfer
from transfers.services import transfer_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def level(store):
    variant = VariantFactory(sku="TEE-M")
    stock_receive(location=store, variant=variant, quantity=5)
    return StockLevel.objects.get()


def test_transfer_actions_call_the_services(admin_client, warehouse, store):
    variant = VariantFactory()
    stock_receive(location=warehouse, variant=variant, quantity=5)
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(variant.id, 2)])
    url = "/admin/transfers/transfer/"

    admin_client.post(url, {"action": "ship", "_selected_action": [transfer.pk]})
    admin_client.post(url, {"action": "receive", "_selected_action": [transfer.pk]})

    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.RECEIVED
    assert StockLevel.objects.get(location=store).on_hand == 2
    assert StockMovement.objects.filter(reference=transfer.reference).count() == 2
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:transfers_transfer_change", args=[transfer.pk])).status_code == 200


def _transfer_form(source, destination, *lines):
    data = {
        "source": source.pk,
        "destination": destination.pk,
        "note": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for i, (sku, quantity) in enumerate(lines):
        data[f"lines-{i}-sku"] = sku
        data[f"lines-{i}-quantity"] = str(quantity)
    return data


def test_a_manager_drafts_a_transfer_from_their_store_typing_skus(client, store, other_store, level):
    client.force_login(StaffFactory(role="store manager", location=store))

    response = client.post(
        reverse("admin:transfers_transfer_add"), _transfer_form(store, other_store, ("tee-m", 2), ("TEE-M", 1))
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    transfer = Transfer.objects.get()
    assert (transfer.source, transfer.destination, transfer.status) == (store, other_store, Transfer.Status.DRAFT)
    assert list(transfer.lines.values_list("variant__sku", "quantity")) == [("TEE-M", 3)]
    assert transfer.created_by.groups.filter(name="store manager").exists()


def test_a_transfer_from_another_store_or_of_an_unknown_sku_is_refused(client, store, other_store, level):
    client.force_login(StaffFactory(role="store manager", location=store))
    add = reverse("admin:transfers_transfer_add")

    elsewhere = client.post(add, _transfer_form(other_store, store, ("TEE-M", 1)))
    unknown = client.post(add, _transfer_form(store, other_store, ("NOPE-1", 1)))

    assert elsewhere.status_code == 200 and "Select a valid choice" in elsewhere.content.decode()
    assert unknown.status_code == 200 and "No SKU or barcode" in unknown.content.decode()
    assert not Transfer.objects.exists()


def test_a_saved_transfer_is_read_only_on_its_page(admin_client, warehouse, store, level):
    stock_receive(location=warehouse, variant=level.variant, quantity=5)
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(level.variant_id, 2)])
    url = reverse("admin:transfers_transfer_change", args=[transfer.pk])

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"source": store.pk, "destination": warehouse.pk, "note": "changed"})

    assert 'name="lines-0-quantity"' not in page and "TEE-M" in page
    transfer.refresh_from_db()
    assert (transfer.source, transfer.note) == (warehouse, "")


def test_the_transfer_form_asks_for_skus_and_offers_only_the_managers_store_as_source(client, store, other_store):
    client.force_login(StaffFactory(role="store manager", location=store))

    page = client.get(reverse("admin:transfers_transfer_add")).content.decode()

    assert "SKU or barcode" in page and 'name="lines-0-sku"' in page
    source = page[page.index('name="source"') : page.index("</select>", page.index('name="source"'))]
    assert store.name in source and other_store.name not in source


def test_the_transfer_list_asks_the_same_number_of_queries_for_2_or_20_transfers(
    client, store, warehouse, django_assert_max_num_queries
):
    def draft(n):
        for i in range(n):
            transfer_create(
                source=warehouse, destination=store, lines=[StockLine(VariantFactory().pk, 1)], note=f"t{i}"
            )

    client.force_login(StaffFactory(role="store manager", location=store))
    draft(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/transfers/transfer/").status_code == 200
    draft(18)

    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get("/admin/transfers/transfer/")

    assert page.status_code == 200 and page.content.count(b'class="field-__str__"') >= 20


def test_an_old_address_of_a_transfer_opens_its_page_in_transfers(admin_client, warehouse, store):
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(VariantFactory().pk, 1)])

    page = admin_client.get(f"/admin/inventory/transfer/{transfer.pk}/change/", follow=True)

    assert page.redirect_chain == [(f"/admin/transfers/transfer/{transfer.pk}/change/", 301)]
    assert page.status_code == 200 and str(transfer) in page.content.decode()
