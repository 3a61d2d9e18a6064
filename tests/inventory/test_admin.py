"""The staff console: stock changes only through actions that call the services and write the ledger."""

import pytest
from django.urls import reverse

from inventory.models import StockLevel, StockMovement, Transfer
from inventory.services import StockLine, stock_receive, transfer_create
from tests.factories import StaffFactory, VariantFactory

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
        data["apply"] = "yes"
    return client.post(CHANGELIST, data)


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
    assert any("not your store" in m for m in messages)


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
