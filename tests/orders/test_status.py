"""The one order state machine: allowed steps, their stock effects, payment, expiry, history and timeline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from customers.models import TimelineEvent
from inventory.models import Reservation, StockLevel
from inventory.services import stock_reservations_expire
from loyalty.models import PointsEntry
from loyalty.selectors import points_balance
from orders.exceptions import IllegalTransition
from orders.models import Order, OrderEvent
from orders.services import (
    ALLOWED_TRANSITIONS,
    order_cancel,
    order_complete,
    order_payment_failed,
    order_payment_succeeded,
    order_transition,
    orders_expire_unpaid,
)
from orders.services.points import order_points_earn
from pickup.checkout import checkout_place
from tests.customers.factories import shopper
from tests.factories import StaffFactory, api_token_key
from tests.orders.conftest import cart_with
from transfers.models import Transfer
from transfers.services import transfer_receive, transfer_ship


def _place(shop, *, quantity=2, payment="pay_at_pickup", variant="jacket"):
    return checkout_place(
        cart=cart_with([(shop[variant], quantity)]),
        email="kari@example.com",
        fulfilment="pickup",
        location=shop["store"],
        payment_method=payment,
    )


def _store_level(shop, variant="jacket"):
    return StockLevel.objects.get(location=shop["store"], variant=shop[variant])


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(Order.Status.values)


def test_pickup_goes_placed_picking_ready_completed_and_fulfils_the_stock(shop, ledger_ok):
    order = _place(shop)
    clerk = StaffFactory()
    for step in ("picking", "ready"):
        order = order_transition(order=order, to=step, actor=clerk)
    order = order_complete(order=order, actor=clerk, note="Collected")
    level = _store_level(shop)
    assert (level.on_hand, level.reserved) == (3, 0)
    assert order.completed_at is not None and order.payment_status == "paid" and order.amount_paid == order.total
    history = list(OrderEvent.objects.filter(order=order).values_list("from_status", "to_status"))
    assert history == [("", "placed"), ("placed", "picking"), ("picking", "ready"), ("ready", "completed")]
    assert OrderEvent.objects.filter(order=order, actor=clerk).count() == 3
    assert TimelineEvent.objects.filter(customer=order.customer, reference=order.number).count() == 4
    ledger_ok()


def test_cancelling_releases_the_reserved_units(shop, ledger_ok):
    order = order_cancel(order=_place(shop), note="Changed my mind")
    level = _store_level(shop)
    assert (level.on_hand, level.reserved) == (5, 0)
    assert order.status == "cancelled"
    ledger_ok()


@pytest.mark.parametrize(
    ("path", "to", "words"),
    [
        (["cancelled"], "ready", "cancelled; it cannot become ready for pickup"),
        (["picking", "ready", "completed"], "cancelled", "completed"),
        ([], "shipped", "Only ship orders can"),
        ([], "completed", "placed; it cannot become completed"),
        ([], "bogus", "no such status"),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(shop, path, to, words):
    order = _place(shop)
    for step in path:
        order = order_transition(order=order, to=step)
    with pytest.raises(IllegalTransition) as raised:
        order_transition(order=order, to=to)
    assert words in raised.value.message and order.number in raised.value.message
    assert Order.objects.get(pk=order.pk).status == order.status


def test_ship_to_store_is_ready_only_after_the_transfer_is_received(shop, ledger_ok):
    order = _place(shop, quantity=8)
    with pytest.raises(IllegalTransition, match="has not been received"):
        order_transition(order=order, to="ready")
    transfer_receive(transfer=transfer_ship(transfer=order.transfer))
    order = order_transition(order=order, to="ready")
    assert Transfer.objects.get(pk=order.transfer_id).status == "received"
    level = _store_level(shop)
    assert (level.on_hand, level.reserved) == (13, 8)
    warehouse = StockLevel.objects.get(location=shop["warehouse"], variant=shop["jacket"])
    assert (warehouse.on_hand, warehouse.reserved) == (12, 0)
    order_complete(order=order)
    ledger_ok()


def test_cancelling_a_ship_to_store_order_calls_the_transfer_off(shop, ledger_ok):
    order = order_cancel(order=_place(shop, quantity=8))
    assert Transfer.objects.get(pk=order.transfer_id).status == "cancelled"
    assert StockLevel.objects.get(location=shop["warehouse"], variant=shop["jacket"]).reserved == 0
    ledger_ok()


def test_payment_succeeded_places_a_card_order_once(shop, mailoutbox, django_capture_on_commit_callbacks):
    order = _place(shop, payment="card")
    with django_capture_on_commit_callbacks(execute=True):
        order = order_payment_succeeded(order=order, payment_intent_id="pi_1", amount=Decimal("998.00"))
        again = order_payment_succeeded(order=order, payment_intent_id="pi_1", amount=Decimal("998.00"))
    assert again.status == "placed" and again.payment_status == "paid" and again.expires_at is None
    assert OrderEvent.objects.filter(order=order, to_status="placed", from_status="pending").count() == 1
    assert len(mailoutbox) == 1


def test_a_repeated_payment_success_after_a_partial_refund_keeps_the_refund(shop):
    order = order_payment_succeeded(
        order=_place(shop, payment="card"), payment_intent_id="pi_1", amount=Decimal("998.00")
    )
    Order.objects.filter(pk=order.pk).update(payment_status="partially_refunded", amount_refunded=Decimal("100.00"))

    again = order_payment_succeeded(
        order=Order.objects.get(pk=order.pk), payment_intent_id="pi_1", amount=Decimal("998.00")
    )

    assert (again.payment_status, again.amount_refunded, again.is_paid) == (
        "partially_refunded",
        Decimal("100.00"),
        True,
    )


def test_payment_failed_keeps_the_order_waiting_and_a_later_success_counts(shop):
    order = _place(shop, payment="card")
    order = order_payment_failed(order=order, payment_intent_id="pi_2", message="Your card was declined.")
    assert (order.status, order.payment_status) == ("pending", "failed")
    assert OrderEvent.objects.filter(order=order, note__contains="declined").exists()
    order = order_payment_succeeded(order=order, payment_intent_id="pi_2", amount=order.total)
    assert (order.status, order.payment_status) == ("placed", "paid")
    assert order_payment_failed(order=order, payment_intent_id="pi_2", message="late").payment_status == "paid"


def test_unpaid_card_orders_expire_and_release_their_stock(shop, ledger_ok):
    unpaid = _place(shop, payment="card")
    paid = order_payment_succeeded(order=_place(shop, payment="card", variant="cap"), payment_intent_id="pi", amount=1)
    later = timezone.now() + timedelta(minutes=31)
    assert orders_expire_unpaid(now=later) == 1
    assert orders_expire_unpaid(now=later) == 0
    assert Order.objects.get(pk=unpaid.pk).status == "expired"
    assert Order.objects.get(pk=paid.pk).status == "placed"
    assert _store_level(shop).reserved == 0 and _store_level(shop, "cap").reserved == 2
    ledger_ok()


def test_a_completed_web_pickup_earns_points_once_and_the_app_sees_them_at_once(shop):
    user, customer = shopper("kari@example.com")
    order = checkout_place(
        cart=cart_with([(shop["jacket"], 2)]),
        email="kari@example.com",
        customer=customer,
        fulfilment="pickup",
        location=shop["store"],
        payment_method="pay_at_pickup",
    )
    for step in ("picking", "ready"):
        order = order_transition(order=order, to=step)
    order_complete(order=order)

    assert points_balance(customer=customer) == 998  # 1 point per krone of 2 × 499.00, shipping never counts
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    body = api.get("/api/v1/me/loyalty/").json()
    assert body["balance"] == 998
    assert body["entries"][0]["order_number"] == order.number


def test_a_completion_replayed_credits_nothing_more(shop):
    order = _place(shop)
    for step in ("picking", "ready"):
        order = order_transition(order=order, to=step)
    order = order_complete(order=order)
    order_points_earn(order=order)

    assert list(PointsEntry.objects.values_list("key", "points")) == [(f"order:{order.number}", 998)]


def test_an_unpaid_card_orders_hold_carries_its_expiry_and_inventorys_sweep_expires_the_order(
    shop, ledger_ok, django_capture_on_commit_callbacks
):
    order = _place(shop, payment="card")
    hold = Reservation.objects.get(reference=order.number)
    assert hold.expires_at == order.expires_at
    past = timezone.now() - timedelta(seconds=1)  # the payment window has run out
    Order.objects.filter(pk=order.pk).update(expires_at=past)
    Reservation.objects.filter(pk=hold.pk).update(expires_at=past)

    with django_capture_on_commit_callbacks(execute=True):
        released = stock_reservations_expire()

    assert released == [order.number]
    order.refresh_from_db()
    assert order.status == "expired"
    assert _store_level(shop).reserved == 0
    ledger_ok()


def test_paying_keeps_the_hold_until_the_order_is_collected(shop):
    order = _place(shop, payment="card")

    order_payment_succeeded(order=order, payment_intent_id="pi_1", amount=order.total)

    assert Reservation.objects.get(reference=order.number).expires_at is None
    assert stock_reservations_expire(now=timezone.now() + timedelta(days=1)) == []
