"""Transfers: drafted, shipped out of the source, received at the destination or called off, each step in the ledger."""

import pytest

from inventory.exceptions import InsufficientStock, InvalidQuantity, InvalidStockOperation
from inventory.models import StockLevel, StockMovement
from inventory.services import StockLine, stock_receive
from tests.factories import LocationFactory
from transfers.exceptions import InvalidTransferState
from transfers.models import Transfer
from transfers.services import transfer_cancel, transfer_create, transfer_receive, transfer_ship

pytestmark = pytest.mark.django_db


def level_of(location, variant) -> StockLevel:
    return StockLevel.objects.get(location=location, variant=variant)


def test_transfer_goes_out_at_the_source_and_in_at_the_destination(warehouse, store, variant, ledger_ok):
    stock_receive(location=warehouse, variant=variant, quantity=10)
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(variant.id, 4)])
    assert transfer.status == Transfer.Status.DRAFT
    assert level_of(warehouse, variant).on_hand == 10

    transfer = transfer_ship(transfer=transfer)
    assert transfer.status == Transfer.Status.IN_TRANSIT and transfer.shipped_at
    assert level_of(warehouse, variant).on_hand == 6
    assert not StockLevel.objects.filter(location=store, variant=variant).exists()
    transfer_ship(transfer=transfer)  # a retried click changes nothing
    assert level_of(warehouse, variant).on_hand == 6

    transfer = transfer_receive(transfer=transfer)
    assert transfer.status == Transfer.Status.RECEIVED
    assert level_of(store, variant).on_hand == 4
    transfer_receive(transfer=transfer)
    assert level_of(store, variant).on_hand == 4
    kinds = set(StockMovement.objects.filter(reference=transfer.reference).values_list("kind", flat=True))
    assert kinds == {"transfer_out", "transfer_in"}
    ledger_ok()


def test_transfer_cannot_ship_more_than_the_source_has(warehouse, store, variant, ledger_ok):
    stock_receive(location=warehouse, variant=variant, quantity=2)
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(variant.id, 3)])

    with pytest.raises(InsufficientStock):
        transfer_ship(transfer=transfer)

    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DRAFT
    assert level_of(warehouse, variant).on_hand == 2
    ledger_ok()


def test_cancelling_an_in_transit_transfer_books_stock_back_at_the_source(warehouse, store, variant, ledger_ok):
    stock_receive(location=warehouse, variant=variant, quantity=5)
    transfer = transfer_ship(
        transfer=transfer_create(source=warehouse, destination=store, lines=[StockLine(variant.id, 5)])
    )

    transfer = transfer_cancel(transfer=transfer, reason="Truck broke down")

    assert transfer.status == Transfer.Status.CANCELLED
    assert level_of(warehouse, variant).on_hand == 5
    with pytest.raises(InvalidTransferState):
        transfer_receive(transfer=transfer)
    ledger_ok()


def test_a_received_transfer_cannot_be_cancelled(warehouse, store, variant):
    stock_receive(location=warehouse, variant=variant, quantity=5)
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(variant.id, 1)])
    transfer_receive(transfer=transfer_ship(transfer=transfer))
    with pytest.raises(InvalidTransferState):
        transfer_cancel(transfer=transfer)
    assert level_of(store, variant).on_hand == 1


def test_receiving_a_draft_transfer_is_refused(warehouse, store, variant):
    transfer = transfer_create(source=warehouse, destination=store, lines=[StockLine(variant.id, 1)])
    with pytest.raises(InvalidTransferState):
        transfer_receive(transfer=transfer)
    assert not StockMovement.objects.exists()


def test_transfer_to_the_same_location_is_refused(store, variant):
    stock_receive(location=store, variant=variant, quantity=5)
    with pytest.raises(InvalidStockOperation) as error:
        transfer_create(source=store, destination=store, lines=[StockLine(variant.id, 1)])
    assert error.value.field == "destination"
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2", True, None])
def test_bad_quantities_are_refused_and_no_transfer_is_written(store, variant, quantity):
    with pytest.raises(InvalidQuantity):
        transfer_create(source=store, destination=LocationFactory(), lines=[StockLine(variant.id, quantity)])
    assert not Transfer.objects.exists()
