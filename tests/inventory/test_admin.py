"""The staff console: stock changes only through actions that call the services and write the ledger."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.models import StockLevel, StockMovement
from inventory.services import stock_receive
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


def test_variant_page_shows_stock_per_location(admin_client, level):
    page = admin_client.get(reverse("admin:catalog_variant_change", args=[level.variant_id]))
    assert page.status_code == 200
    assert b"stock per location" in page.content.lower()
    assert b"Oslo Sentrum" in page.content


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


# ---- The manager's own store first ----


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


# ---- Lists ask the database a fixed number of times ----


def _rows(n, store, warehouse):
    for _ in range(n):
        variant = VariantFactory()
        stock_receive(location=store, variant=variant, quantity=3)
        stock_receive(location=warehouse, variant=variant, quantity=3)


@pytest.mark.parametrize(
    "url, row",
    [
        ("/admin/inventory/stocklevel/?location=all", b'class="field-sku"'),
        ("/admin/inventory/stockmovement/?location=all", b'class="field-moved_at"'),
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


def test_variant_autocomplete_finds_a_sku_by_its_barcode(admin_client):
    variant = VariantFactory(sku="KNT012-BLU-S", gtin="7038010009457")
    url = "/admin/autocomplete/?app_label=inventory&model_name=stocklevel&field_name=variant&term=7038010009457"

    results = admin_client.get(url).json()["results"]

    assert [r["id"] for r in results] == [str(variant.pk)]


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
