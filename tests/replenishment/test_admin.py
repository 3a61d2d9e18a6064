"""The reorder page of the stock list, at the address it always had: suggestions, as CSV, drafted as transfers."""

import csv
import io

import pytest
from django.urls import reverse

from catalog.models import Product
from inventory.models import StockLevel
from inventory.services import stock_receive
from tests.factories import StaffFactory, VariantFactory
from transfers.models import Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def level(store):
    variant = VariantFactory(sku="TEE-M")
    stock_receive(location=store, variant=variant, quantity=5)
    return StockLevel.objects.get()


def _low(location, sku, sold=0):
    variant = VariantFactory(sku=sku)
    stock_receive(location=location, variant=variant, quantity=1)
    StockLevel.objects.filter(location=location, variant=variant).update(reorder_point=5, reorder_quantity=4)
    return StockLevel.objects.get(location=location, variant=variant)


def test_the_reorder_page_keeps_its_address_and_is_linked_from_the_stock_list(admin_client, store):
    _low(store, "OWN-1")

    stock_list = admin_client.get("/admin/inventory/stocklevel/").content.decode()
    page = admin_client.get(f"/admin/inventory/stocklevel/reorder/?location={store.pk}")

    assert reverse("admin:inventory_stocklevel_reorder") == "/admin/inventory/stocklevel/reorder/"
    assert 'href="/admin/inventory/stocklevel/reorder/"' in stock_list
    assert page.status_code == 200 and "OWN-1" in page.content.decode()


def test_reorder_report_lists_low_stock_with_a_velocity_bar(admin_client, level):
    StockLevel.objects.filter(pk=level.pk).update(reorder_point=10, reorder_quantity=6)
    page = admin_client.get(reverse("admin:inventory_stocklevel_reorder") + f"?location={level.location_id}")
    assert page.status_code == 200
    assert b"TEE-M" in page.content and b"<svg" in page.content


def test_reorder_page_starts_at_the_managers_store_and_exports_csv(client, store, other_store):
    _low(store, "OWN-1")
    _low(other_store, "THEIRS-1")
    client.force_login(StaffFactory(role="store manager", location=store))
    url = reverse("admin:inventory_stocklevel_reorder")

    page = client.get(url).content.decode()
    csv_text = client.get(url + "?format=csv&location=all").content.decode()

    assert "OWN-1" in page and "THEIRS-1" not in page
    assert csv_text.splitlines()[0].startswith("sku,product,location")
    assert "OWN-1" in csv_text and "THEIRS-1" in csv_text


def test_reorder_page_is_paginated(admin_client, store, monkeypatch):
    monkeypatch.setattr("replenishment.admin.REORDER_PER_PAGE", 2)
    for n in range(3):
        _low(store, f"LOW-{n}")
    url = reverse("admin:inventory_stocklevel_reorder") + f"?location={store.pk}"

    first, second = admin_client.get(url).content.decode(), admin_client.get(url + "&page=2").content.decode()

    assert "page 1 of 2" in first and "LOW-2" not in first
    assert "LOW-2" in second


def test_reorder_page_drafts_a_transfer_from_the_warehouse(client, store, warehouse):
    low = _low(store, "OWN-1")
    client.force_login(StaffFactory(role="store manager", location=store))
    url = reverse("admin:inventory_stocklevel_reorder") + f"?location={store.pk}"

    response = client.post(url, {"source": warehouse.pk, "level": [low.pk]})

    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert (transfer.source, transfer.destination, transfer.status) == (warehouse, store, Transfer.Status.DRAFT)
    assert list(transfer.lines.values_list("variant_id", "quantity")) == [(low.variant_id, 4)]


def test_reorder_page_does_not_draft_for_another_store(client, store, other_store, warehouse):
    theirs = _low(other_store, "THEIRS-1")
    client.force_login(StaffFactory(role="store manager", location=store))

    client.post(
        reverse("admin:inventory_stocklevel_reorder") + "?location=all", {"source": warehouse.pk, "level": [theirs.pk]}
    )

    assert not Transfer.objects.exists()


def test_reorder_csv_writes_product_names_and_skus_as_text_not_formulas(admin_client, store):
    low = _low(store, "-SKU-1")
    Product.objects.filter(pk=low.variant.product_id).update(name='=HYPERLINK("https://evil.example","Open")')
    url = reverse("admin:inventory_stocklevel_reorder") + f"?location={store.pk}&format=csv"

    [header, row] = list(csv.reader(io.StringIO(admin_client.get(url).content.decode(), newline="")))

    exported = dict(zip(header, row, strict=True))
    assert exported["sku"] == "'-SKU-1"
    assert exported["product"] == '\'=HYPERLINK("https://evil.example","Open")'
    assert exported["sold"] == "0"  # numbers stay numbers
