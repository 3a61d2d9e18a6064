"""Every stock change goes through a service, writes the ledger, and leaves the invariants intact."""

import pytest

from core.exceptions import DomainError
from inventory.exceptions import (
    CountBelowReserved,
    InsufficientStock,
    InvalidInput,
    InvalidQuantity,
    InvalidStockOperation,
    ReservationConflict,
    UnknownVariant,
)
from inventory.models import Reservation, StockLevel, StockMovement
from inventory.services import (
    StockLine,
    stock_adjust,
    stock_count,
    stock_fulfil,
    stock_receive,
    stock_release,
    stock_reserve,
    stock_return,
    stock_sell,
)
from tests.factories import LocationFactory, UserFactory, VariantFactory

pytestmark = pytest.mark.django_db


def level_of(location, variant) -> StockLevel:
    return StockLevel.objects.get(location=location, variant=variant)


# ---- receive, adjust, count ----


def test_receive_adds_to_on_hand_with_a_ledger_row(store, variant, ledger_ok):
    clerk = UserFactory()
    movement = stock_receive(location=store, variant=variant, quantity=5, reason="Delivery 881", actor=clerk)

    level = level_of(store, variant)
    assert (level.on_hand, level.reserved) == (5, 0)
    assert (movement.kind, movement.on_hand_delta, movement.on_hand_after) == ("receive", 5, 5)
    assert (movement.reason, movement.actor) == ("Delivery 881", clerk)
    ledger_ok()


def test_receive_twice_accumulates(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_receive(location=store, variant=variant, quantity=3)

    assert level_of(store, variant).on_hand == 8
    assert StockMovement.objects.count() == 2
    ledger_ok()


def test_adjust_down_and_up_with_reason(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_adjust(location=store, variant=variant, delta=-2, reason="Damaged")
    movement = stock_adjust(location=store, variant=variant, delta=1, reason="Found in back room")

    assert level_of(store, variant).on_hand == 4
    assert (movement.kind, movement.on_hand_after, movement.reason) == ("adjust", 4, "Found in back room")
    ledger_ok()


def test_adjust_needs_a_reason(store, variant):
    stock_receive(location=store, variant=variant, quantity=5)
    with pytest.raises(InvalidStockOperation) as error:
        stock_adjust(location=store, variant=variant, delta=-1, reason="  ")
    assert error.value.field == "reason"
    assert level_of(store, variant).on_hand == 5
    assert StockMovement.objects.count() == 1


def test_adjust_cannot_take_reserved_units(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 4)], reference="W-1")

    with pytest.raises(InsufficientStock) as error:
        stock_adjust(location=store, variant=variant, delta=-2, reason="Damaged")

    assert error.value.lines[0].available == 1
    assert level_of(store, variant).on_hand == 5
    ledger_ok()


def test_count_sets_on_hand_and_records_the_difference(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=10)
    movement = stock_count(location=store, variant=variant, quantity=7, reason="Monthly count")

    assert level_of(store, variant).on_hand == 7
    assert (movement.kind, movement.on_hand_delta, movement.on_hand_after) == ("count", -3, 7)
    ledger_ok()


def test_count_with_no_difference_is_still_recorded(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=4)
    movement = stock_count(location=store, variant=variant, quantity=4)

    assert movement.on_hand_delta == 0
    assert StockMovement.objects.filter(kind="count").count() == 1
    ledger_ok()


def test_count_of_a_sku_never_stocked_here_creates_the_level(store, variant, ledger_ok):
    stock_count(location=store, variant=variant, quantity=2)
    assert level_of(store, variant).on_hand == 2
    ledger_ok()


def test_count_below_reserved_is_refused(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 3)], reference="W-1")

    with pytest.raises(CountBelowReserved) as error:
        stock_count(location=store, variant=variant, quantity=2)

    assert "3 are reserved" in error.value.message
    assert level_of(store, variant).on_hand == 5
    ledger_ok()


# ---- reserve, release, fulfil ----


def test_reserve_holds_stock_for_an_order(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    reservations = stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-100")

    level = level_of(store, variant)
    assert (level.on_hand, level.reserved, level.available_online) == (5, 2, 3)
    assert [(r.quantity, r.status, r.reference) for r in reservations] == [(2, "open", "W-100")]
    ledger_ok()


def test_reserve_is_all_or_nothing_and_names_the_short_skus(store, ledger_ok):
    plenty, scarce = VariantFactory(sku="TEE-M"), VariantFactory(sku="CAP-1")
    stock_receive(location=store, variant=plenty, quantity=10)
    stock_receive(location=store, variant=scarce, quantity=1)

    with pytest.raises(InsufficientStock) as error:
        stock_reserve(location=store, lines=[StockLine(plenty.id, 2), StockLine(scarce.id, 3)], reference="W-200")

    assert error.value.skus == ["CAP-1"]
    assert error.value.lines[0].requested == 3 and error.value.lines[0].available == 1
    assert "CAP-1" in str(error.value)
    assert error.value.as_json()["lines"] == [{"sku": "CAP-1", "requested": 3, "available": 1}]
    assert level_of(store, plenty).reserved == 0
    assert not Reservation.objects.exists()
    ledger_ok()


def test_reserve_of_a_sku_without_stock_row_is_insufficient(store, variant):
    with pytest.raises(InsufficientStock) as error:
        stock_reserve(location=store, lines=[StockLine(variant.id, 1)], reference="W-1")
    assert error.value.lines[0].available == 0


def test_reserve_adds_up_repeated_lines_of_one_sku(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 1), StockLine(variant.id, 2)], reference="W-1")
    assert level_of(store, variant).reserved == 3
    ledger_ok()


def test_reserve_with_the_same_reference_twice_changes_nothing(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    first = stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-300")
    again = stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-300")

    assert [r.pk for r in again] == [r.pk for r in first]
    assert level_of(store, variant).reserved == 2
    assert StockMovement.objects.filter(kind="reserve").count() == 1
    ledger_ok()


def test_reserve_same_reference_other_quantity_is_a_conflict(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-300")

    with pytest.raises(ReservationConflict):
        stock_reserve(location=store, lines=[StockLine(variant.id, 3)], reference="W-300")
    assert level_of(store, variant).reserved == 2
    ledger_ok()


def test_release_gives_units_back_once(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-400")

    released = stock_release(reference="W-400", reason="Order cancelled")
    again = stock_release(reference="W-400")

    level = level_of(store, variant)
    assert (level.on_hand, level.reserved) == (5, 0)
    assert [(m.kind, m.reserved_delta) for m in released] == [("release", -2)]
    assert again == []
    assert Reservation.objects.get().status == "released"
    ledger_ok()


def test_reserve_after_release_with_the_same_reference_is_a_conflict(store, variant):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-400")
    stock_release(reference="W-400")
    with pytest.raises(ReservationConflict):
        stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-400")


def test_release_of_one_line_keeps_the_others(store, ledger_ok):
    a, b = VariantFactory(), VariantFactory()
    stock_receive(location=store, variant=a, quantity=5)
    stock_receive(location=store, variant=b, quantity=5)
    stock_reserve(location=store, lines=[StockLine(a.id, 1), StockLine(b.id, 1)], reference="W-1")

    stock_release(reference="W-1", variant_ids=[a.id])

    assert level_of(store, a).reserved == 0
    assert level_of(store, b).reserved == 1
    ledger_ok()


def test_fulfil_takes_reserved_units_out_of_the_building(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-500")

    moved = stock_fulfil(reference="W-500")
    again = stock_fulfil(reference="W-500")

    level = level_of(store, variant)
    assert (level.on_hand, level.reserved) == (3, 0)
    assert [(m.kind, m.on_hand_delta, m.reserved_delta) for m in moved] == [("fulfil", -2, -2)]
    assert again == []
    assert Reservation.objects.get().status == "fulfilled"
    ledger_ok()


def test_release_after_fulfil_changes_nothing(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=5)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-1")
    stock_fulfil(reference="W-1")
    assert stock_release(reference="W-1") == []
    assert level_of(store, variant).on_hand == 3
    ledger_ok()


# ---- online buffer ----


def test_online_buffer_web_can_reserve_one_store_can_sell_three(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=3)
    StockLevel.objects.filter(location=store, variant=variant).update(online_buffer=2)

    with pytest.raises(InsufficientStock):
        stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-1")
    stock_reserve(location=store, lines=[StockLine(variant.id, 1)], reference="W-2")
    stock_release(reference="W-2")
    stock_sell(location=store, lines=[StockLine(variant.id, 3)], reference="POS-1")

    assert level_of(store, variant).on_hand == 0
    ledger_ok()


def test_location_default_buffer_applies_when_the_level_has_none(variant, ledger_ok):
    shop = LocationFactory(default_online_buffer=2)
    stock_receive(location=shop, variant=variant, quantity=3)

    assert level_of(shop, variant).available_online == 1
    with pytest.raises(InsufficientStock):
        stock_reserve(location=shop, lines=[StockLine(variant.id, 2)], reference="W-1")


# ---- sell and return ----


def test_sell_in_store_takes_from_unreserved_stock_only(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=3)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-1")

    with pytest.raises(InsufficientStock) as error:
        stock_sell(location=store, lines=[StockLine(variant.id, 2)], reference="POS-1")
    assert error.value.lines[0].available == 1

    moved = stock_sell(location=store, lines=[StockLine(variant.id, 1)], reference="POS-2")
    assert [(m.kind, m.on_hand_delta) for m in moved] == [("sale", -1)]
    level = level_of(store, variant)
    assert (level.on_hand, level.reserved) == (2, 2)
    ledger_ok()


def test_sell_retried_with_the_same_receipt_sells_once(store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=3)
    stock_sell(location=store, lines=[StockLine(variant.id, 1)], reference="POS-9")
    assert stock_sell(location=store, lines=[StockLine(variant.id, 1)], reference="POS-9") == []
    assert level_of(store, variant).on_hand == 2
    ledger_ok()


def test_return_puts_goods_back_in_the_store_that_took_them(store, other_store, variant, ledger_ok):
    stock_receive(location=store, variant=variant, quantity=1)
    stock_sell(location=store, lines=[StockLine(variant.id, 1)], reference="POS-1")

    stock_return(location=other_store, lines=[StockLine(variant.id, 1)], reference="R-1")
    stock_return(location=other_store, lines=[StockLine(variant.id, 1)], reference="R-1")

    assert level_of(store, variant).on_hand == 0
    assert level_of(other_store, variant).on_hand == 1
    ledger_ok()


# ---- bad input: a clear error and nothing written ----


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2", True, None])
def test_bad_quantities_are_refused_and_nothing_is_written(store, variant, quantity):
    with pytest.raises(InvalidQuantity):
        stock_receive(location=store, variant=variant, quantity=quantity)
    with pytest.raises(InvalidQuantity):
        stock_reserve(location=store, lines=[StockLine(variant.id, quantity)], reference="W-1")
    with pytest.raises(InvalidQuantity):
        stock_sell(location=store, lines=[StockLine(variant.id, quantity)], reference="POS-1")
    assert not StockLevel.objects.exists()
    assert not StockMovement.objects.exists()


def test_negative_count_is_refused(store, variant):
    with pytest.raises(InvalidQuantity):
        stock_count(location=store, variant=variant, quantity=-1)
    assert not StockMovement.objects.exists()


def test_zero_adjustment_is_refused(store, variant):
    with pytest.raises(InvalidInput) as error:
        stock_adjust(location=store, variant=variant, delta=0, reason="Nothing")
    assert error.value.field == "quantity"
    assert not StockMovement.objects.exists()


def test_unknown_sku_is_refused_and_nothing_is_written(store, variant):
    stock_receive(location=store, variant=variant, quantity=5)
    with pytest.raises(UnknownVariant) as error:
        stock_reserve(location=store, lines=[StockLine(variant.id, 1), StockLine(999_999, 1)], reference="W-1")
    assert error.value.kind == DomainError.INVALID
    assert "999999" in error.value.message
    assert level_of(store, variant).reserved == 0
    assert StockMovement.objects.count() == 1


def test_unsaved_location_is_refused(variant):
    from inventory.models import Location

    with pytest.raises(InvalidInput) as error:
        stock_receive(location=Location(code="NOPE"), variant=variant, quantity=1)
    assert error.value.field == "location"
    assert not StockMovement.objects.exists()


def test_inactive_location_is_refused(variant):
    closed = LocationFactory(is_active=False)
    with pytest.raises(InvalidStockOperation) as error:
        stock_receive(location=closed, variant=variant, quantity=1)
    assert error.value.field == "location"
    assert not StockLevel.objects.exists()


def test_empty_lines_are_refused(store):
    with pytest.raises(InvalidInput):
        stock_reserve(location=store, lines=[], reference="W-1")


def test_reserve_needs_a_reference(store, variant):
    stock_receive(location=store, variant=variant, quantity=5)
    with pytest.raises(InvalidStockOperation) as error:
        stock_reserve(location=store, lines=[StockLine(variant.id, 1)], reference="")
    assert error.value.field == "reference"
