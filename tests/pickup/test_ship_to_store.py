"""Ship to store: the order's units travel to its pickup store on a transfer that staff ship and receive like any
other, in the staff console; the order's hold goes with the goods, and the order's history says where they are."""

import threading

import pytest
from django.db import connection

from inventory.models import Reservation, StockLevel
from orders.models import Order
from orders.services import order_cancel
from pickup import services
from pickup.models import Pickup
from tests.factories import StaffFactory, StockLevelFactory, VariantFactory
from tests.inventory.conftest import assert_ledger_consistent
from tests.pickup.conftest import place
from transfers.exceptions import InvalidTransferState
from transfers.models import Transfer
from transfers.services import transfer_cancel, transfer_receive, transfer_ship

TRANSFERS = "/admin/transfers/transfer/"


def _level(location, variant) -> tuple[int, int]:
    level = StockLevel.objects.get(location=location, variant=variant)
    return level.on_hand, level.reserved


def _held(number: str) -> dict[str, int]:
    rows = Reservation.objects.filter(reference=number, status=Reservation.Status.OPEN)
    return {code: quantity for code, quantity in rows.values_list("stock_level__location__code", "quantity")}


@pytest.mark.django_db
def test_staff_ship_and_receive_an_orders_transfer_in_the_console_and_its_hold_goes_with_the_goods(
    shop, client, django_capture_on_commit_callbacks
):
    pickup = place(shop, quantity=20)  # the store has 5, the warehouse exactly 20: every unit is this order's
    order, transfer = pickup.order, pickup.order.transfer
    assert _held(order.number) == {"WH1": 20}
    client.force_login(StaffFactory(role="store manager", location=shop["warehouse"]))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(TRANSFERS, {"action": "ship", "_selected_action": [transfer.pk]})

    assert Transfer.objects.get(pk=transfer.pk).status == "in_transit"
    assert _level(shop["warehouse"], shop["jacket"]) == (0, 0)
    assert _held(order.number) == {}
    client.force_login(StaffFactory(role="store manager", location=shop["store"]))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(TRANSFERS, {"action": "receive", "_selected_action": [transfer.pk]})

    assert _level(shop["store"], shop["jacket"]) == (25, 20)
    assert _held(order.number) == {"OSL1": 20}
    order = Order.objects.get(pk=order.pk)
    assert order.stock_location == shop["store"]
    notes = list(order.events.order_by("pk").values_list("note", flat=True))
    assert notes[-2:] == ["Sent to Oslo Sentrum", "Arrived at Oslo Sentrum"]
    updates = order.customer.timeline.filter(reference=order.number, message="order_updated").order_by("pk")
    assert [entry.params["note"] for entry in updates] == ["Sent to Oslo Sentrum", "Arrived at Oslo Sentrum"]

    clerk = StaffFactory(role="clerk", location=shop["store"])
    services.pickup_start_picking(pickup=pickup, actor=clerk)
    services.pickup_mark_ready(pickup=pickup, actor=clerk)
    services.pickup_collect(pickup=Pickup.objects.get(pk=pickup.pk), actor=clerk, payment="cash")

    assert _level(shop["store"], shop["jacket"]) == (5, 0)
    assert _level(shop["warehouse"], shop["jacket"]) == (0, 0)
    assert_ledger_consistent()


@pytest.mark.django_db
def test_the_units_arriving_for_an_order_are_held_for_it_whatever_the_stores_online_buffer(shop):
    store = shop["store"]
    store.default_online_buffer = 10  # more than the store's own 5: it promises nothing online of its own
    store.save(update_fields=["default_online_buffer"])
    pickup = place(shop, quantity=3)

    transfer_receive(transfer=transfer_ship(transfer=pickup.order.transfer))

    assert _held(pickup.order.number) == {"OSL1": 3}
    assert _level(store, shop["jacket"]) == (8, 3)
    assert_ledger_consistent()


@pytest.mark.django_db
def test_an_orders_transfer_is_not_called_off_without_its_order(shop, client):
    pickup = place(shop, quantity=8)
    transfer = pickup.order.transfer

    with pytest.raises(InvalidTransferState, match=f"carries order {pickup.order.number}"):
        transfer_cancel(transfer=transfer)
    client.force_login(StaffFactory(role="store manager", location=shop["warehouse"]))
    shown = client.post(TRANSFERS, {"action": "cancel", "_selected_action": [transfer.pk]}, follow=True)

    assert "cancel the order instead" in shown.content.decode()
    assert Transfer.objects.get(pk=transfer.pk).status == "draft"
    assert _held(pickup.order.number) == {"WH1": 8}


@pytest.mark.django_db
def test_cancelling_the_order_while_its_units_are_on_the_road_books_them_back_at_the_source(shop):
    pickup = place(shop, quantity=8)
    transfer_ship(transfer=pickup.order.transfer)

    order_cancel(order=pickup.order)

    assert Transfer.objects.get(pk=pickup.order.transfer_id).status == "cancelled"
    assert _level(shop["warehouse"], shop["jacket"]) == (20, 0)
    assert _level(shop["store"], shop["jacket"]) == (5, 0)
    assert _held(pickup.order.number) == {}
    assert_ledger_consistent()


def _race(*jobs) -> list[Exception]:
    """Run the jobs at the same moment, each in a thread with its own connection; the errors they raised."""
    barrier, errors = threading.Barrier(len(jobs)), []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001 — collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_the_order_cancelled_while_its_transfer_is_received_leaves_no_unit_held(shop):
    """However the race ends, nothing stays held for the cancelled order and every unit is accounted for."""
    for _ in range(3):
        variant = VariantFactory()
        StockLevelFactory(location=shop["store"], variant=variant, on_hand=0)
        StockLevelFactory(location=shop["warehouse"], variant=variant, on_hand=8)
        pickup = place(shop, items=[(variant, 8)])
        order_id, transfer_id, number = pickup.order_id, pickup.order.transfer_id, pickup.order.number
        transfer_ship(transfer=pickup.order.transfer)

        errors = _race(
            lambda: transfer_receive(transfer=Transfer.objects.get(pk=transfer_id)),  # noqa: B023 — joined in the loop
            lambda: order_cancel(order=Order.objects.get(pk=order_id)),  # noqa: B023
        )

        # The receive may come second, after the transfer was called off with its order: refused, and that is all.
        assert all(isinstance(exc, InvalidTransferState) for exc in errors), errors
        assert Order.objects.get(pk=order_id).status == "cancelled"
        assert _held(number) == {}
        assert sum(StockLevel.objects.filter(variant=variant).values_list("on_hand", flat=True)) == 8
        assert_ledger_consistent()
