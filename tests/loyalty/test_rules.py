"""The ledger's rules hold under the account lock: never below zero, the sign fits the kind, one entry per source."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum

from customers.services import customer_merge
from loyalty.exceptions import InsufficientPoints, InvalidPoints, PointsKeyConflict
from loyalty.models import LoyaltyAccount, PointsEntry
from loyalty.selectors import points_balance
from loyalty.services import points_adjust, points_record
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
Kind = PointsEntry.Kind


def test_a_debit_beyond_the_balance_is_refused_and_writes_nothing():
    kari = CustomerFactory()
    points_record(customer=kari, kind=Kind.EARN, points=100, key="order:S-1")

    with pytest.raises(InsufficientPoints) as refused:
        points_record(customer=kari, kind=Kind.REDEEM, points=-101, key="reward:X")

    assert refused.value.detail == {"balance": 100, "needed": 101}
    assert points_balance(customer=kari) == 100
    points_record(customer=kari, kind=Kind.REDEEM, points=-100, key="reward:Y")
    assert points_balance(customer=kari) == 0


@pytest.mark.parametrize(
    ("kind", "points"),
    [(Kind.EARN, -5), (Kind.REDEEM, 5), (Kind.REVERSE, 5), (Kind.EXPIRE, 5), (Kind.ADJUST, 0), ("bonus", 5)],
)
def test_the_sign_must_fit_the_kind(kind, points):
    kari = CustomerFactory()
    points_record(customer=kari, kind=Kind.EARN, points=50, key="order:S-0")
    with pytest.raises(InvalidPoints):
        points_record(customer=kari, kind=kind, points=points, key="wrong")
    assert not PointsEntry.objects.filter(key="wrong").exists()


@pytest.mark.parametrize(("kind", "points"), [(Kind.EARN, -5), (Kind.REDEEM, 5), (Kind.EXPIRE, 0), (Kind.ADJUST, 0)])
def test_the_database_refuses_a_wrong_sign_too(kind, points):
    account = LoyaltyAccount.objects.create(customer=CustomerFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsEntry.objects.create(account=account, kind=kind, points=points, key="raw")


def test_adjust_may_go_either_way_with_a_reason():
    kari = CustomerFactory()
    points_adjust(customer=kari, points=40, reason="Goodwill after a late pickup", key="adjust:1", actor="maria")
    entry = points_adjust(customer=kari, points=-15, reason="Typo", key="adjust:2")
    assert points_balance(customer=kari) == 25
    assert entry.description == "Adjusted: Typo"
    with pytest.raises(InvalidPoints):
        points_adjust(customer=kari, points=5, reason="  ", key="adjust:3")


def test_a_key_of_another_customer_is_a_conflict_not_a_silent_success():
    kari, ola = CustomerFactory(), CustomerFactory()
    points_record(customer=kari, kind=Kind.EARN, points=120, key="order:S-1")

    with pytest.raises(PointsKeyConflict):
        points_record(customer=ola, kind=Kind.EARN, points=120, key="order:S-1")
    with pytest.raises(PointsKeyConflict):
        points_record(customer=kari, kind=Kind.EARN, points=121, key="order:S-1")

    assert points_balance(customer=ola) == 0
    assert points_balance(customer=kari) == 120


def test_a_merged_away_customer_earns_on_the_survivor():
    survivor, merged = CustomerFactory(), CustomerFactory()
    points_record(customer=merged, kind=Kind.EARN, points=30, key="order:S-1")
    customer_merge(survivor=survivor, merged=merged)

    # The caller still holds the old profile (e.g. an order placed before the merge completes now).
    merged.refresh_from_db()
    points_record(customer=merged, kind=Kind.EARN, points=70, key="order:S-2")
    # The same event again, through either profile, is still the same entry.
    _, created = points_record(customer=survivor, kind=Kind.EARN, points=70, key="order:S-2")

    assert not created
    assert points_balance(customer=survivor) == 100
    assert points_balance(customer=merged) == 0


def test_a_stale_instance_of_a_merged_customer_still_reaches_the_survivor():
    survivor, merged = CustomerFactory(), CustomerFactory()
    stale = type(merged).objects.get(pk=merged.pk)
    customer_merge(survivor=survivor, merged=merged)

    points_record(customer=stale, kind=Kind.EARN, points=10, key="order:S-3")

    assert points_balance(customer=survivor) == 10
    assert PointsEntry.objects.aggregate(total=Sum("points"))["total"] == 10
