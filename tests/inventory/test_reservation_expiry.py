"""Holds with an expiry are released by beat once it passes, unless they were kept meanwhile."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory.models import Reservation, StockLevel, StockMovement
from inventory.services import (
    StockLine,
    stock_receive,
    stock_reservation_expiry_set,
    stock_reservations_expire,
    stock_reserve,
)
from inventory.signals import reservation_expired
from inventory.tasks import reservations_expire

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(store, variant):
    """Two orders holding 2 units each of 5: one unpaid for 15 minutes, one held until collected."""
    stock_receive(location=store, variant=variant, quantity=5)
    soon = timezone.now() + timedelta(minutes=15)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-1", expires_at=soon)
    stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-2")
    return soon


def test_an_expired_hold_is_released_and_the_others_stay(held, store, variant, ledger_ok):
    assert stock_reservations_expire(now=held - timedelta(seconds=1)) == []
    assert stock_reservations_expire(now=held + timedelta(seconds=1)) == ["W-1"]

    assert StockLevel.objects.get(location=store, variant=variant).reserved == 2
    assert Reservation.objects.get(reference="W-1").status == Reservation.Status.RELEASED
    assert Reservation.objects.get(reference="W-2").status == Reservation.Status.OPEN
    release = StockMovement.objects.get(reference="W-1", kind=StockMovement.Kind.RELEASE)
    assert release.reason == "Hold expired"
    ledger_ok()


def test_releasing_again_changes_nothing(held, ledger_ok):
    stock_reservations_expire(now=held + timedelta(seconds=1))
    assert stock_reservations_expire(now=held + timedelta(days=1)) == []
    assert StockMovement.objects.filter(kind=StockMovement.Kind.RELEASE).count() == 1
    ledger_ok()


def test_a_hold_kept_before_it_expires_is_not_released(held):
    assert stock_reservation_expiry_set(reference="W-1", expires_at=None) == 1

    assert stock_reservations_expire(now=held + timedelta(days=1)) == []
    assert Reservation.objects.get(reference="W-1").status == Reservation.Status.OPEN


def test_the_owner_of_the_reference_is_told(held):
    told = []

    def receiver(sender, reference, variant_ids, **kwargs):
        told.append((reference, variant_ids))

    reservation_expired.connect(receiver)
    try:
        stock_reservations_expire(now=held + timedelta(seconds=1))
    finally:
        reservation_expired.disconnect(receiver)

    assert told == [("W-1", [Reservation.objects.get(reference="W-1").stock_level.variant_id])]


def test_the_beat_task_releases_what_is_due(store, variant):
    stock_receive(location=store, variant=variant, quantity=3)
    stock_reserve(
        location=store, lines=[StockLine(variant.id, 1)], reference="W-3", expires_at=timezone.now() - timedelta(1)
    )

    assert reservations_expire() == 1
