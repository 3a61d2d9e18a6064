"""stock_reserve and stock_release inside a caller's transaction: no savepoint of their own, nothing half written."""

import pytest
from django.db import transaction

from inventory.exceptions import InsufficientStock
from inventory.models import Reservation, StockLevel, StockMovement
from inventory.services import StockLine, stock_receive, stock_release, stock_reserve
from tests.factories import LocationFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_a_refused_reservation_inside_another_transaction_writes_nothing_and_leaves_it_usable(ledger_ok):
    store, variant = LocationFactory(), VariantFactory()
    stock_receive(location=store, variant=variant, quantity=3)

    with transaction.atomic():
        stock_reserve(location=store, lines=[StockLine(variant.id, 1)], reference="W-1")
        with pytest.raises(InsufficientStock):
            stock_reserve(location=store, lines=[StockLine(variant.id, 5)], reference="W-2")
        level = StockLevel.objects.get(location=store, variant=variant)

    assert level.reserved == 1
    assert list(Reservation.objects.values_list("reference", flat=True)) == ["W-1"]
    assert not StockMovement.objects.filter(reference="W-2").exists()
    ledger_ok()


def test_reserving_many_lines_returns_each_reservation_and_movement_with_its_own_row(ledger_ok):
    store = LocationFactory()
    variants = [VariantFactory() for _ in range(4)]
    for variant in variants:
        stock_receive(location=store, variant=variant, quantity=5)

    held = stock_reserve(
        location=store, lines=[StockLine(v.id, n + 1) for n, v in enumerate(variants)], reference="W-3"
    )

    stored = {r.pk: (r.stock_level.variant_id, r.quantity) for r in Reservation.objects.select_related("stock_level")}
    assert [stored[r.pk] for r in held] == [(v.id, n + 1) for n, v in enumerate(variants)]
    released = stock_release(reference="W-3")
    moved = {m.pk: (m.variant_id, m.reserved_delta) for m in StockMovement.objects.filter(kind="release")}
    assert sorted(moved[m.pk] for m in released) == sorted((v.id, -(n + 1)) for n, v in enumerate(variants))
    assert StockLevel.objects.filter(reserved=0).count() == 4
    ledger_ok()
