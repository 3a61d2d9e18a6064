"""Points are recorded once per source, however often the same earn arrives."""

import threading

import pytest
from django.db import connection

from loyalty.exceptions import InvalidPoints
from loyalty.models import PointsEntry
from loyalty.selectors import points_balance
from loyalty.services import points_record
from tests.factories import CustomerFactory


def test_same_key_twice_credits_once(db):
    kari = CustomerFactory()

    first, created = points_record(customer=kari, kind=PointsEntry.Kind.EARN, points=120, key="order:S-1")
    again, created_again = points_record(customer=kari, kind=PointsEntry.Kind.EARN, points=120, key="order:S-1")

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert points_balance(customer=kari) == 120


def test_zero_points_is_refused_and_writes_nothing(db):
    kari = CustomerFactory()

    with pytest.raises(InvalidPoints):
        points_record(customer=kari, kind=PointsEntry.Kind.ADJUST, points=0, key="adjust:1")

    assert not PointsEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_duplicate_earns_racing_each_other_credit_once():
    kari = CustomerFactory()
    barrier = threading.Barrier(8)
    created = []

    def earn():
        try:
            barrier.wait()
            _, new = points_record(customer=kari, kind=PointsEntry.Kind.EARN, points=50, key="order:W-9")
            created.append(new)
        finally:
            connection.close()

    threads = [threading.Thread(target=earn) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(created) == [False] * 7 + [True]
    assert points_balance(customer=kari) == 50
