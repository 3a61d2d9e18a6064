"""The staff console: stock changes only through actions that call the services and write the ledger."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from inventory.models import StockLevel, StockMovement, Transfer
from inventory.services import StockLine, stock_receive, transfer_create
from tests.factories import LocationFactory, StaffFactory, VariantFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/inventory/stocklevel/"


@pytest.fixture
def level(store):
    variant = VariantFactory(sku="TEE-M")
    stock_receive(location=store, variant=variant, quantity=5)
    return StockLevel.objects.get()


def action(client, name, pks, **form):
    data = {"action": name, "_selected_action": [str(pk) for pk in pks], **form}
    if form:
        data["post"] = "yes"  # as the confirmation page posts back
    # As from the list showing every location (the list starts at the staff member's own store).
    return client.post(CHANGELIST + "?location=all", data)


def test_changelist_filters_and_search(admin_client, level, warehouse):
    empty = VariantFactory(sku="CAP-0")
    stock_receive(location=warehouse, variant=empty, quantity=1)
    StockLevel.objects.filter(variant=empty).update(reorder_point=3)

    page = admin_client.get(CHANGELIST)
    assert page.status_code == 200
    assert b"TEE-M" in page.content and b"Reorder suggestions" in page.content

    assert b"TEE-M" not in admin_client.get(CHANGELIST + "?reorder=below").content
    assert b"CAP-0" in admin_client.get(CHANGELIST + "?reorder=below").content
    assert b"CAP-0" not in admin_client.get(CHANGELIST + "?stock=out").content
    assert b"CAP-0" in admin_client.get(CHANGELIST + "?q=cap-0").content
    assert b"TEE-M" not in admin_client.get(CHANGELIST + "?q=cap-0").content


def test_receive_action_asks_quantity_and_reason_then_writes_the_ledger(admin_client, admin_user, level):
    form = action(admin_client, "receive", [level.pk])
    assert form.status_code == 200
    assert b'name="quantity"' in form.content and b'name="reason"' in form.content

    done = action(admin_client, "receive", [level.pk], quantity="3", reason="Delivery 77")

    assert done.status_code == 302
    level.refresh_from_db()
    assert level.on_hand == 8
    movement = StockMovement.objects.latest("pk")
    assert (movement.kind, movement.on_hand_delta, movement.reason, movement.actor) == (
        "receive",
        3,
        "Delivery 77",
        admin_user,
    )


def test_adjust_action_needs_a_reason_and_a_non_zero_quantity(admin_client, level):
    again = action(admin_client, "adjust", [level.pk], quantity="0", reason="")
    assert again.status_code == 200
    assert b"An adjustment of zero changes nothing." in again.content
    assert StockMovement.objects.count() == 1

    action(admin_client, "adjust", [level.pk], quantity="-2", reason="Damaged in storage")
    level.refresh_from_db()
    assert level.on_hand == 3
    assert StockMovement.objects.latest("pk").reason == "Damaged in storage"


def test_count_action_sets_on_hand(admin_client, level):
    action(admin_client, "count", [level.pk], quantity="9", reason="Spot check")
    level.refresh_from_db()
    assert level.on_hand == 9
    assert StockMovement.objects.latest("pk").on_hand_delta == 4


def test_clerk_may_count_at_their_store_but_not_adjust_or_act_elsewhere(client, store, warehouse, level):
    clerk = StaffFactory(role="clerk", location=warehouse)
    client.force_login(clerk)

    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert b'value="count"' in page.content
    assert b'value="adjust"' not in page.content

    response = action(client, "count", [level.pk], quantity="1", reason="")
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.on_hand == 5
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("not your store" in m.lower() for m in messages)


def test_on_hand_cannot_be_edited_on_the_change_form(admin_client, level):
    url = reverse("admin:inventory_stocklevel_change", args=[level.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="on_hand"' not in page.content
    assert b"why the numbers are what they are" in page.content.lower()

    admin_client.post(url, {"on_hand": "999", "reserved": "0", "reorder_point": "4", "reorder_quantity": "10"})

    level.refresh_from_db()
    assert (level.on_hand, level.reorder_point) == (5, 4)


def test_movements_are_read_only(admin_client, level):
    assert admin_client.get("/admin/inventory/stockmovement/?kind__exact=receive").status_code == 200
    assert admin_client.get("/admin/inventory/stockmovement/add/").status_code == 403
    movement = StockMovement.objects.get()
    page = admin_client.get(reverse("admin:inventory_stockmovement_change", args=[movement.pk]))
    assert b'name="on_hand_delta"' not in page.content
    ledger = admin_client.get(f"/admin/inventory/stockmovement/?stock_level__id__exact={level.pk}")
    assert ledger.status_code == 200 and b"TEE-M" in ledger.content


def test_transfer_actions_call_the_services(admin_client, warehouse, store):
    variant = VariantFactory()
    stock_receive(location=warehouse, variant=variant, quantity=5)
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(variant.id, 2)])
    url = "/admin/inventory/transfer/"

    admin_client.post(url, {"action": "ship", "_selected_action": [transfer.pk]})
    admin_client.post(url, {"action": "receive", "_selected_action": [transfer.pk]})

    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.RECEIVED
    assert StockLevel.objects.get(location=store).on_hand == 2
    assert StockMovement.objects.filter(reference=transfer.reference).count() == 2
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:inventory_transfer_change", args=[transfer.pk])).status_code == 200


def test_variant_page_shows_stock_per_location(admin_client, level):
    page = admin_client.get(reverse("admin:catalog_variant_change", args=[level.variant_id]))
    assert page.status_code == 200
    assert b"stock per location" in page.content.lower()
    assert b"Oslo Sentrum" in page.content


def test_reorder_report_lists_low_stock_with_a_velocity_bar(admin_client, level):
    StockLevel.objects.filter(pk=level.pk).update(reorder_point=10, reorder_quantity=6)
    page = admin_client.get(reverse("admin:inventory_stocklevel_reorder") + f"?location={level.location_id}")
    assert page.status_code == 200
    assert b"TEE-M" in page.content and b"<svg" in page.content


def test_location_page_has_opening_hours(admin_client, store):
    page = admin_client.get(reverse("admin:inventory_location_change", args=[store.pk]))
    assert page.status_code == 200
    assert b"opening_hours-TOTAL_FORMS" in page.content


# ---- The stock level page explains its numbers ----


def test_stock_level_page_lists_its_movements_and_links_to_the_whole_ledger(admin_client, level):
    stock_receive(location=level.location, variant=level.variant, quantity=2, reason="Delivery 9")

    page = admin_client.get(reverse("admin:inventory_stocklevel_change", args=[level.pk])).content.decode()

    assert "Delivery 9" in page and "+2" in page and "Received" in page
    ledger = f"/admin/inventory/stockmovement/?stock_level__id__exact={level.pk}&amp;location=all"
    assert ledger in page
    assert "TEE-M" in admin_client.get(ledger.replace("&amp;", "&")).content.decode()


def test_a_movement_reads_as_what_happened_where():
    variant = VariantFactory(sku="KNT012-BLU-S")
    bergen = LocationFactory(name="Bergen Bryggen")
    stock_receive(location=bergen, variant=variant, quantity=12)
    assert str(StockMovement.objects.get()) == "KNT012-BLU-S at Bergen Bryggen: received 12"
    assert str(StockLevel.objects.get()) == "KNT012-BLU-S at Bergen Bryggen"


# ---- Transfers are drafted through transfer_create, lines by SKU ----


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
        reverse("admin:inventory_transfer_add"), _transfer_form(store, other_store, ("tee-m", 2), ("TEE-M", 1))
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    transfer = Transfer.objects.get()
    assert (transfer.source, transfer.destination, transfer.status) == (store, other_store, Transfer.Status.DRAFT)
    assert list(transfer.lines.values_list("variant__sku", "quantity")) == [("TEE-M", 3)]
    assert transfer.created_by.groups.filter(name="store manager").exists()


def test_a_transfer_from_another_store_or_of_an_unknown_sku_is_refused(client, store, other_store, level):
    client.force_login(StaffFactory(role="store manager", location=store))
    add = reverse("admin:inventory_transfer_add")

    elsewhere = client.post(add, _transfer_form(other_store, store, ("TEE-M", 1)))
    unknown = client.post(add, _transfer_form(store, other_store, ("NOPE-1", 1)))

    assert elsewhere.status_code == 200 and "Select a valid choice" in elsewhere.content.decode()
    assert unknown.status_code == 200 and "No SKU or barcode" in unknown.content.decode()
    assert not Transfer.objects.exists()


def test_a_saved_transfer_is_read_only_on_its_page(admin_client, warehouse, store, level):
    stock_receive(location=warehouse, variant=level.variant, quantity=5)
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(level.variant_id, 2)])
    url = reverse("admin:inventory_transfer_change", args=[transfer.pk])

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"source": store.pk, "destination": warehouse.pk, "note": "changed"})

    assert 'name="lines-0-quantity"' not in page and "TEE-M" in page
    transfer.refresh_from_db()
    assert (transfer.source, transfer.note) == (warehouse, "")


# ---- The manager's own store first; the reorder page ----


def test_stock_list_starts_at_the_managers_store_and_can_show_all(client, store, other_store, level):
    other = VariantFactory(sku="CAP-9")
    stock_receive(location=other_store, variant=other, quantity=1)
    client.force_login(StaffFactory(role="store manager", location=store))

    own = client.get(CHANGELIST).content.decode()
    every = client.get(CHANGELIST + "?location=all").content.decode()

    assert "TEE-M" in own and "CAP-9" not in own
    assert "TEE-M" in every and "CAP-9" in every


def _low(location, sku, sold=0):
    variant = VariantFactory(sku=sku)
    stock_receive(location=location, variant=variant, quantity=1)
    StockLevel.objects.filter(location=location, variant=variant).update(reorder_point=5, reorder_quantity=4)
    return StockLevel.objects.get(location=location, variant=variant)


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
    monkeypatch.setattr("inventory.admin.reorder.REORDER_PER_PAGE", 2)
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


# ---- Lists ask the database a fixed number of times ----


def _rows(n, store, warehouse):
    for _ in range(n):
        variant = VariantFactory()
        stock_receive(location=store, variant=variant, quantity=3)
        stock_receive(location=warehouse, variant=variant, quantity=3)
    for i in range(n):
        transfer_create(source=warehouse, destination=store, lines=[StockLine(VariantFactory().pk, 1)], note=f"t{i}")


@pytest.mark.parametrize(
    "url, row",
    [
        ("/admin/inventory/stocklevel/?location=all", b'class="field-sku"'),
        ("/admin/inventory/stockmovement/?location=all", b'class="field-moved_at"'),
        ("/admin/inventory/transfer/", b'class="field-__str__"'),
    ],
)
def test_stock_lists_ask_the_same_number_of_queries_for_2_or_20_rows(
    client, store, warehouse, url, row, django_assert_max_num_queries
):
    client.force_login(StaffFactory(role="store manager", location=store))
    _rows(2, store, warehouse)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _rows(18, store, warehouse)

    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)

    assert page.status_code == 200 and page.content.count(row) >= 20


def test_the_transfer_form_asks_for_skus_and_offers_only_the_managers_store_as_source(client, store, other_store):
    client.force_login(StaffFactory(role="store manager", location=store))

    page = client.get(reverse("admin:inventory_transfer_add")).content.decode()

    assert "SKU or barcode" in page and 'name="lines-0-sku"' in page
    source = page[page.index('name="source"') : page.index("</select>", page.index('name="source"'))]
    assert store.name in source and other_store.name not in source


def test_variant_autocomplete_finds_a_sku_by_its_barcode(admin_client):
    variant = VariantFactory(sku="KNT012-BLU-S", gtin="7038010009457")
    url = "/admin/autocomplete/?app_label=inventory&model_name=stocklevel&field_name=variant&term=7038010009457"

    results = admin_client.get(url).json()["results"]

    assert [r["id"] for r in results] == [str(variant.pk)]


def test_reorder_csv_writes_product_names_and_skus_as_text_not_formulas(admin_client, store):
    low = _low(store, "-SKU-1")
    Product.objects.filter(pk=low.variant.product_id).update(name='=HYPERLINK("https://evil.example","Open")')
    url = reverse("admin:inventory_stocklevel_reorder") + f"?location={store.pk}&format=csv"

    [header, row] = list(csv.reader(io.StringIO(admin_client.get(url).content.decode(), newline="")))

    exported = dict(zip(header, row, strict=True))
    assert exported["sku"] == "'-SKU-1"
    assert exported["product"] == '\'=HYPERLINK("https://evil.example","Open")'
    assert exported["sold"] == "0"  # numbers stay numbers


# ---- Another store's stock is read, never changed ----


def test_a_manager_cannot_change_another_stores_stock_level_in_the_admin(client, store, other_store):
    stock_receive(location=other_store, variant=VariantFactory(sku="CAP-9"), quantity=4)
    theirs = StockLevel.objects.get(location=other_store)
    client.force_login(StaffFactory(role="store manager", location=store))
    url = reverse("admin:inventory_stocklevel_change", args=[theirs.pk])

    page = client.get(url)
    forged = client.post(url, {"online_buffer": "9999", "reorder_point": "0", "reorder_quantity": "0"})

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert forged.status_code == 403
    theirs.refresh_from_db()
    assert theirs.online_buffer is None


def test_a_clerk_reads_their_own_stores_stock_only(client, store, other_store, level):
    theirs = _low(other_store, "THEIRS-1")
    StockLevel.objects.create(location=other_store, variant=level.variant)
    client.force_login(StaffFactory(role="clerk", location=store))

    every = client.get(CHANGELIST + "?location=all").content.decode()
    variant = client.get(reverse("admin:catalog_variant_change", args=[level.variant_id])).content.decode()
    reorder = client.get(reverse("admin:inventory_stocklevel_reorder") + "?location=all").content.decode()
    movements = client.get("/admin/inventory/stockmovement/?location=all").content.decode()

    assert "TEE-M" in every and "THEIRS-1" not in every and "Bergen Torget" not in every
    assert "Oslo Sentrum" in variant and "Bergen Torget" not in variant
    assert "THEIRS-1" not in reorder and "All locations" not in reorder
    assert "TEE-M" in movements and "THEIRS-1" not in movements
    assert client.get(reverse("admin:inventory_stocklevel_change", args=[theirs.pk])).status_code == 302
