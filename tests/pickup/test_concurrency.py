"""Races at the pickup desk with real threads and real transactions: expiry twice at once, expiry against a
handover in the same second, and twenty buyers for the last place in a pickup window."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from inventory.models import Reservation, StockLevel, StockMovement
from inventory.selectors import pickup_ready_at
from orders.models import Order
from orders.services import order_payment_succeeded
from payments.models import PaymentRefund
from payments.services import payment_intent_for_order, refunds_send_due
from payments.tasks import refund_send_task
from pickup import services
from pickup.checkout import checkout_place
from pickup.exceptions import SlotFull
from pickup.models import Pickup, PickupSchedule, PickupSlot
from pickup.selectors import pickup_windows
from tests.factories import StockLevelFactory, VariantFactory
from tests.orders.conftest import cart_with
from tests.payments.stripe_fake import card_pay, intent, stripe_on  # noqa: F401 (a fixture)
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db(transaction=True)


def refunds(number: str) -> list[str]:
    """The refunds asked of the card provider (localstripe) for an order, by their keys."""
    return list(
        PaymentRefund.objects.filter(order__number=number).exclude(stripe_refund_id="").values_list("key", flat=True)
    )


def _run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # each loser's error is part of the result
            errors[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results, errors


def _card_paid_ready_pickup(shop, clerk):
    pickup = place(shop, quantity=2, payment="card")
    started = payment_intent_for_order(order=pickup.order)
    card_pay(started["id"])
    order_payment_succeeded(order=pickup.order, payment_intent_id=started["id"], amount=pickup.order.total)
    pickup = services.pickup_mark_ready(pickup=Pickup.objects.select_related("order").get(pk=pickup.pk), actor=clerk)
    Pickup.objects.filter(pk=pickup.pk).update(hold_until=timezone.now() - timedelta(seconds=1))
    return pickup


def _release_count(number):
    return StockMovement.objects.filter(reference=number, kind=StockMovement.Kind.RELEASE).count()


@pytest.mark.usefixtures("stripe_on")
def test_expiry_run_twice_at_once_releases_and_refunds_exactly_once(shop, clerk, ledger_ok):
    pickup = _card_paid_ready_pickup(shop, clerk)
    number = pickup.order.number
    now = timezone.now()
    results, errors = _run_together(lambda: services.pickups_expire(now=now), lambda: services.pickups_expire(now=now))
    assert errors == [None, None]
    assert sorted(len(r) for r in results) == [0, 1]
    assert _release_count(number) == 1
    assert refunds(number) == [f"cancel:{number}"]
    level = StockLevel.objects.get(location=shop["store"], variant=shop["jacket"])
    assert (level.on_hand, level.reserved) == (5, 0)
    ledger_ok()


@pytest.mark.usefixtures("stripe_on")
def test_expiry_racing_a_handover_does_one_or_the_other_never_both(shop, clerk, ledger_ok):
    from inventory.services import stock_receive

    stock_receive(location=shop["store"], variant=shop["jacket"], quantity=10, reason="delivery")
    for _ in range(3):
        pickup = _card_paid_ready_pickup(shop, clerk)
        number = pickup.order.number
        now = timezone.now()
        _, errors = _run_together(
            lambda at=now: services.pickups_expire(now=at),
            lambda p=pickup: services.pickup_collect(pickup=p, actor=clerk),
        )
        order = Order.objects.get(number=number)
        reservations = Reservation.objects.filter(reference=number)
        if order.status == "completed":
            assert Pickup.objects.get(pk=pickup.pk).status == "collected"
            assert set(reservations.values_list("status", flat=True)) == {"fulfilled"}
            assert _release_count(number) == 0 and refunds(number) == []
        else:
            assert order.status == "expired" and Pickup.objects.get(pk=pickup.pk).status == "expired"
            assert "expired" in str(errors[1])
            assert set(reservations.values_list("status", flat=True)) == {"released"}
            assert _release_count(number) == 1 and refunds(number) == [f"cancel:{number}"]
    ledger_ok()


def _card_paid_pickup_of_a_jacket_and_two_caps(shop, clerk):
    pickup = place(shop, items=[(shop["jacket"], 1), (shop["cap"], 2)], payment="card")
    started = payment_intent_for_order(order=pickup.order)
    card_pay(started["id"])
    order_payment_succeeded(order=pickup.order, payment_intent_id=started["id"], amount=pickup.order.total)
    return services.pickup_mark_ready(pickup=Pickup.objects.select_related("order").get(pk=pickup.pk), actor=clerk)


@pytest.mark.usefixtures("stripe_on")
def test_lines_refused_at_a_handover_of_a_card_paid_order_go_back_to_the_card_once(shop, clerk, ledger_ok):
    pickup = _card_paid_pickup_of_a_jacket_and_two_caps(shop, clerk)
    number = pickup.order.number
    caps = pickup.order.lines.get(sku=shop["cap"].sku)

    # Two clerks hand the same pickup over at once, both leaving out the caps the shopper did not want.
    _, errors = _run_together(
        lambda: services.pickup_collect(pickup=pickup, actor=clerk, refused_line_ids=[caps.pk]),
        lambda: services.pickup_collect(pickup=pickup, actor=clerk, refused_line_ids=[caps.pk]),
    )

    assert sorted(type(e).__name__ for e in errors if e) == ["PickupNotReady"]
    order = Order.objects.get(number=number)
    assert order.status == "completed" and order.total == Decimal("499.00")
    assert refunds(number) == [f"pickup-refused:{number}"]
    assert PaymentRefund.objects.get(order=order).amount == Decimal("299.00")
    assert (order.amount_refunded, order.payment_status) == (Decimal("299.00"), "partially_refunded")
    assert intent(order.stripe_payment_intent_id)["charges"]["data"][0]["amount_refunded"] == 29900

    # A retry of the task (the broker delivered it twice) finds the refund by its key and asks for no second one.
    refund_send_task(f"pickup-refused:{number}")
    assert PaymentRefund.objects.filter(order=order).count() == 1
    ledger_ok()


@pytest.mark.usefixtures("stripe_on")
def test_a_refund_of_refused_lines_whose_task_was_lost_is_asked_for_by_the_next_sweep(shop, clerk, monkeypatch):
    pickup = _card_paid_pickup_of_a_jacket_and_two_caps(shop, clerk)
    number = pickup.order.number
    caps = pickup.order.lines.get(sku=shop["cap"].sku)
    monkeypatch.setattr(refund_send_task, "delay", lambda *args: None)  # the broker lost it

    services.pickup_collect(pickup=pickup, actor=clerk, refused_line_ids=[caps.pk])

    written = PaymentRefund.objects.get(order__number=number)
    assert (written.amount, written.stripe_refund_id) == (Decimal("299.00"), "")  # decided with the handover
    assert refunds_send_due() == 0  # not yet: the task may still be on its way
    later = timezone.now() + timedelta(minutes=11)
    assert refunds_send_due(now=later) == 1
    assert refunds_send_due(now=later) == 0
    assert refunds(number) == [f"pickup-refused:{number}"]
    order = Order.objects.get(number=number)
    assert (order.amount_refunded, order.payment_status) == (Decimal("299.00"), "partially_refunded")
    assert intent(order.stripe_payment_intent_id)["charges"]["data"][0]["amount_refunded"] == 29900


@pytest.mark.usefixtures("stripe_on")
def test_the_refund_of_an_expired_pickup_whose_task_was_lost_is_asked_for_by_the_next_sweep(shop, clerk, monkeypatch):
    pickup = _card_paid_ready_pickup(shop, clerk)
    number = pickup.order.number
    monkeypatch.setattr(refund_send_task, "delay", lambda *args: None)  # the broker lost it

    assert services.pickups_expire() == [number]

    written = PaymentRefund.objects.get(order__number=number)
    assert (written.amount, written.stripe_refund_id) == (Decimal("998.00"), "")  # decided with the expiry
    assert refunds_send_due(now=timezone.now() + timedelta(minutes=11)) == 1
    assert refunds(number) == [f"cancel:{number}"]
    order = Order.objects.get(number=number)
    assert (order.amount_refunded, order.payment_status) == (Decimal("998.00"), "refunded")
    refund_send_task(f"cancel:{number}")  # the lost task turns up after all: nothing more is refunded
    assert PaymentRefund.objects.filter(order=order).count() == 1
    assert intent(order.stripe_payment_intent_id)["charges"]["data"][0]["amount_refunded"] == 99800


def test_refused_lines_of_an_order_paid_in_the_store_ask_the_card_provider_nothing(shop, clerk):
    pickup = services.pickup_mark_ready(pickup=place(shop, items=[(shop["jacket"], 1), (shop["cap"], 2)]), actor=clerk)
    caps = pickup.order.lines.get(sku=shop["cap"].sku)

    services.pickup_collect(pickup=pickup, actor=clerk, payment="cash", refused_line_ids=[caps.pk])

    order = Order.objects.get(pk=pickup.order_id)
    assert (order.amount_paid, order.payment_status) == (Decimal("499.00"), "paid")
    assert not PaymentRefund.objects.filter(order=order).exists()


def test_twenty_buyers_for_the_last_place_in_a_window_give_exactly_one_booking(shop):
    store = shop["store"]
    schedule = PickupSchedule.objects.create(location=store, window_minutes=60, capacity=2)
    lamp = VariantFactory(product__name="Lamp")
    StockLevelFactory(location=store, variant=lamp, on_hand=100)
    window = pickup_windows(
        location=store, schedule=schedule, after=pickup_ready_at(location=store, now=timezone.now())
    )[0]
    place(shop, items=[(lamp, 1)], slot=window.starts_at)  # one of two places taken
    carts = [cart_with([(lamp, 1)]) for _ in range(20)]

    def buy(cart):
        return lambda: checkout_place(
            cart=cart,
            email="race@example.com",
            fulfilment="pickup",
            location=store,
            payment_method="pay_at_pickup",
            slot=window.starts_at,
        )

    results, errors = _run_together(*(buy(cart) for cart in carts))
    assert sum(result is not None for result in results) == 1
    assert all(isinstance(error, SlotFull) for error in errors if error is not None)
    slot = PickupSlot.objects.get(location=store, starts_at=window.starts_at)
    assert (slot.booked, slot.capacity) == (2, 2)
    assert Pickup.objects.filter(slot=slot).count() == 2
    assert StockLevel.objects.get(location=store, variant=lamp).reserved == 2
