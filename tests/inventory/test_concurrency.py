"""Real transactions in real threads: the ledger never oversells and never deadlocks."""

import threading
from collections import Counter

import pytest
from django.db import connection

from inventory.exceptions import InsufficientStock
from inventory.models import Reservation, StockLevel, StockMovement
from inventory.services import StockLine, stock_receive, stock_release, stock_reserve, stock_sell
from tests.factories import LocationFactory, VariantFactory
from tests.inventory.conftest import assert_ledger_consistent

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    """Start every job at the same moment, each in its own thread with its own connection; return outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as exc:  # the outcome is what we assert on
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return outcomes


def kinds_of(outcomes) -> Counter:
    return Counter("ok" if not isinstance(o, Exception) else type(o).__name__ for o in outcomes)


def test_twenty_buyers_for_the_last_five_units():
    store, variant = LocationFactory(), VariantFactory()
    stock_receive(location=store, variant=variant, quantity=5)

    outcomes = run_together(
        [
            (lambda n=n: stock_reserve(location=store, lines=[StockLine(variant.id, 1)], reference=f"W-{n}"))
            for n in range(20)
        ]
    )

    assert kinds_of(outcomes) == Counter({"ok": 5, "InsufficientStock": 15})
    level = StockLevel.objects.get()
    assert (level.on_hand, level.reserved, level.available_online) == (5, 5, 0)
    assert Reservation.objects.filter(status="open").count() == 5
    assert StockMovement.objects.filter(kind="reserve").count() == 5
    loser = next(o for o in outcomes if isinstance(o, InsufficientStock))
    assert loser.lines[0].sku == variant.sku
    assert_ledger_consistent()


def test_opposite_lock_orders_never_deadlock():
    store = LocationFactory()
    a, b = VariantFactory(), VariantFactory()
    for variant in (a, b):
        stock_receive(location=store, variant=variant, quantity=1000)

    def buyer(first, second, name):
        def job():
            for round_ in range(15):
                reference = f"{name}-{round_}"
                stock_reserve(
                    location=store, lines=[StockLine(first.id, 1), StockLine(second.id, 1)], reference=reference
                )
                stock_release(reference=reference)
            return True

        return job

    outcomes = run_together([buyer(a, b, "AB1"), buyer(b, a, "BA1"), buyer(a, b, "AB2"), buyer(b, a, "BA2")])

    assert kinds_of(outcomes) == Counter({"ok": 4}), outcomes
    assert set(StockLevel.objects.values_list("reserved", flat=True)) == {0}
    assert StockMovement.objects.filter(kind="reserve").count() == 4 * 15 * 2
    assert_ledger_consistent()


def test_store_sale_racing_a_web_reservation_never_goes_below_zero():
    store = LocationFactory()
    variants = [VariantFactory() for _ in range(10)]
    for variant in variants:
        stock_receive(location=store, variant=variant, quantity=1)

    jobs = []
    for n, variant in enumerate(variants):
        jobs.append(lambda v=variant, n=n: stock_sell(location=store, lines=[StockLine(v.id, 1)], reference=f"POS-{n}"))
        jobs.append(
            lambda v=variant, n=n: stock_reserve(location=store, lines=[StockLine(v.id, 1)], reference=f"W-{n}")
        )
    outcomes = run_together(jobs)

    assert kinds_of(outcomes) == Counter({"ok": 10, "InsufficientStock": 10})
    for level in StockLevel.objects.all():
        assert level.on_hand >= 0 and level.reserved >= 0
        assert level.on_hand - level.reserved >= 0
        # Either the store sold it (nothing left) or the web holds it (one on the shelf, reserved): never both.
        assert (level.on_hand, level.reserved) in {(0, 0), (1, 1)}
    assert_ledger_consistent()


def test_two_deliveries_of_a_new_sku_both_count():
    store, variant = LocationFactory(), VariantFactory()

    outcomes = run_together(
        [(lambda n=n: stock_receive(location=store, variant=variant, quantity=3, reference=f"D-{n}")) for n in range(6)]
    )

    assert kinds_of(outcomes) == Counter({"ok": 6})
    assert StockLevel.objects.get().on_hand == 18
    assert_ledger_consistent()


def test_the_same_reservation_retried_at_once_holds_once():
    store, variant = LocationFactory(), VariantFactory()
    stock_receive(location=store, variant=variant, quantity=5)

    outcomes = run_together(
        [lambda: stock_reserve(location=store, lines=[StockLine(variant.id, 2)], reference="W-dup") for _ in range(5)]
    )

    assert kinds_of(outcomes) == Counter({"ok": 5})
    assert StockLevel.objects.get().reserved == 2
    assert Reservation.objects.count() == 1
    assert_ledger_consistent()
