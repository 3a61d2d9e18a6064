"""stock_reserve and stock_release called alone (no caller's transaction): one statement each, and still all lines
or none, idempotent per (reference, SKU), and right when retries and releases race each other."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.exceptions import InsufficientStock, ReservationConflict
from inventory.models import Reservation, StockLevel, StockMovement
from inventory.services import StockLine, stock_fulfil, stock_receive, stock_release, stock_reserve
from tests.factories import LocationFactory, VariantFactory
from tests.inventory.conftest import assert_ledger_consistent
from tests.inventory.test_concurrency import kinds_of, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def _stocked(*quantities):
    store = LocationFactory()
    variants = [VariantFactory() for _ in quantities]
    for variant, quantity in zip(variants, quantities, strict=True):
        stock_receive(location=store, variant=variant, quantity=quantity)
    return store, variants


def test_a_reservation_and_its_release_are_one_round_trip_each_whatever_the_lines():
    store, variants = _stocked(5, 5, 5)
    lines = [StockLine(v.id, 1) for v in variants]
    with CaptureQueriesContext(connection) as reserving:
        held = stock_reserve(location=store, lines=lines, reference="A-1")
    with CaptureQueriesContext(connection) as releasing:
        released = stock_release(reference="A-1")

    assert (len(reserving.captured_queries), len(releasing.captured_queries)) == (1, 1)
    assert [(r.stock_level.variant_id, r.quantity, r.status) for r in held] == [(v.id, 1, "open") for v in variants]
    assert sorted(m.variant_id for m in released) == sorted(v.id for v in variants)
    assert set(StockLevel.objects.values_list("reserved", flat=True)) == {0}
    assert_ledger_consistent()


def test_a_refused_reservation_alone_writes_nothing():
    store, (plenty, scarce) = _stocked(10, 1)
    with pytest.raises(InsufficientStock) as error:
        stock_reserve(location=store, lines=[StockLine(plenty.id, 2), StockLine(scarce.id, 3)], reference="A-2")

    assert [(line.requested, line.available) for line in error.value.lines] == [(3, 1)]
    assert not Reservation.objects.exists()
    assert not StockMovement.objects.filter(kind="reserve").exists()
    assert set(StockLevel.objects.values_list("reserved", flat=True)) == {0}


def test_a_reference_already_holding_one_sku_gets_the_new_sku_added_and_keeps_the_first_hold():
    store, (shirt, cap) = _stocked(5, 5)
    (first,) = stock_reserve(location=store, lines=[StockLine(shirt.id, 1)], reference="A-3")

    both = stock_reserve(location=store, lines=[StockLine(shirt.id, 1), StockLine(cap.id, 2)], reference="A-3")

    assert both[0].pk == first.pk
    assert [(r.quantity, r.status) for r in both] == [(1, "open"), (2, "open")]
    assert sorted(StockLevel.objects.values_list("reserved", flat=True)) == [1, 2]
    assert StockMovement.objects.filter(kind="reserve").count() == 2
    with pytest.raises(ReservationConflict):
        stock_reserve(location=store, lines=[StockLine(shirt.id, 2), StockLine(cap.id, 2)], reference="A-3")
    assert_ledger_consistent()


def test_a_retry_racing_for_the_last_units_gets_the_first_hold_back_not_a_refusal():
    store, (variant,) = _stocked(2)

    outcomes = run_together(
        [lambda: stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="A-4") for _ in range(5)]
    )

    assert kinds_of(outcomes) == Counter({"ok": 5})
    assert len({held[0].pk for held in outcomes}) == 1
    assert StockLevel.objects.get().reserved == 2
    assert StockMovement.objects.filter(kind="reserve").count() == 1
    assert_ledger_consistent()


def test_releases_racing_each_other_give_the_units_back_once():
    store, variants = _stocked(4, 4)
    stock_reserve(location=store, lines=[StockLine(v.id, 3) for v in variants], reference="A-5")

    outcomes = run_together([lambda: stock_release(reference="A-5") for _ in range(5)])

    assert kinds_of(outcomes) == Counter({"ok": 5})
    assert sorted(len(moved) for moved in outcomes) == [0, 0, 0, 0, 2]
    assert set(StockLevel.objects.values_list("reserved", flat=True)) == {0}
    assert StockMovement.objects.filter(kind="release").count() == 2
    assert_ledger_consistent()


def test_a_fulfilment_racing_a_release_closes_the_hold_one_way_only():
    store, (variant,) = _stocked(3)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="A-6")

    outcomes = run_together([lambda: stock_release(reference="A-6"), lambda: stock_fulfil(reference="A-6")] * 2)

    assert kinds_of(outcomes) == Counter({"ok": 4})
    level, hold = StockLevel.objects.get(), Reservation.objects.get()
    assert level.reserved == 0
    assert level.on_hand == (1 if hold.status == "fulfilled" else 3)
    assert StockMovement.objects.filter(kind__in=["release", "fulfil"]).count() == 1
    assert_ledger_consistent()
