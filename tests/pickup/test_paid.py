"""Paid or not is one answer (`Order.is_paid`): the clerk's queue, the counter and the expiry email agree on it for
card-paid, partly refunded, fully refunded and pay-at-pickup orders."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from orders.models import Order
from orders.services import order_payment_succeeded
from payments.models import PaymentRefund
from payments.services import charge_refunded_record
from payments.tasks import refund_send_task
from pickup import services
from pickup.models import Pickup
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db


def _card_paid(shop, *, refunded: str = "0"):
    """A pickup of the 499.00 jacket paid online by card, with `refunded` of it given back since."""
    pickup = place(shop, payment="card")
    order = order_payment_succeeded(order=pickup.order, payment_intent_id="pi_test_1", amount=Decimal("499.00"))
    if Decimal(refunded):
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            # Stripe tells of a refund made in its dashboard.
            charge_refunded_record(
                order=locked, charge_id="ch_test_1", amount_refunded_minor=int(Decimal(refunded) * 100)
            )
    return Pickup.objects.select_related("order").get(pk=pickup.pk)


@pytest.fixture
def orders_of_each_kind(shop):
    return {
        "card": _card_paid(shop),
        "partly refunded": _card_paid(shop, refunded="100.00"),
        "refunded": _card_paid(shop, refunded="499.00"),
        "pay at pickup": place(shop),
    }


def _queue_row(html: str, number: str) -> str:
    row = re.search(rf'id="pickup-{number}">(.*?)</li>', html, re.S).group(1)
    return " ".join(row.split())


def test_the_queue_says_paid_only_for_orders_that_owe_nothing(client, clerk, orders_of_each_kind):
    client.force_login(clerk)

    html = client.get("/clerk/pickups/").content.decode()

    said = {kind: _queue_row(html, p.order.number) for kind, p in orders_of_each_kind.items()}
    assert "· Paid" in said["card"] and "Pay at pickup" not in said["card"]
    assert "· Paid" in said["partly refunded"] and "Pay at pickup" not in said["partly refunded"]
    assert "· Paid" not in said["refunded"]
    assert "· Paid" not in said["pay at pickup"] and "Pay at pickup NOK 499.00" in said["pay at pickup"]


def test_a_partly_refunded_card_order_is_handed_over_without_asking_for_payment(shop, clerk):
    pickup = services.pickup_mark_ready(pickup=_card_paid(shop, refunded="100.00"), actor=clerk)

    services.pickup_collect(pickup=pickup, actor=clerk)

    order = Order.objects.get(pk=pickup.order_id)
    assert (order.status, order.payment_method, order.amount_paid) == ("completed", "card", Decimal("499.00"))


def _expire(pickup, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(refund_send_task, "delay", lambda *args: None)  # the card provider is not asked here
    Pickup.objects.filter(pk=pickup.pk).update(hold_until=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pickups_expire(now=timezone.now()) == [pickup.order.number]
    return next(m.body for m in mail.outbox if pickup.order.number in m.subject and "not collected" in m.subject)


@pytest.mark.parametrize(
    ("kind", "told"),
    [
        ("card", "Your card payment of NOK 499.00 is given back"),
        ("partly refunded", "Your card payment of NOK 499.00 is given back"),
        ("refunded", "Your card payment of NOK 499.00 is given back"),
        ("pay at pickup", "You have not been charged."),
    ],
)
def test_the_expiry_email_says_whether_money_goes_back(
    shop, clerk, kind, told, django_capture_on_commit_callbacks, monkeypatch
):
    pickup = {
        "card": lambda: _card_paid(shop),
        "partly refunded": lambda: _card_paid(shop, refunded="100.00"),
        "refunded": lambda: _card_paid(shop, refunded="499.00"),
        "pay at pickup": lambda: place(shop),
    }[kind]()
    pickup = services.pickup_mark_ready(pickup=pickup, actor=clerk)

    body = _expire(pickup, django_capture_on_commit_callbacks, monkeypatch)

    assert told in body
    other = "You have not been charged." if "given back" in told else "is given back"
    assert other not in body


def test_an_expired_pickup_that_was_partly_refunded_gets_the_rest_back(
    shop, clerk, django_capture_on_commit_callbacks, monkeypatch
):
    pickup = services.pickup_mark_ready(pickup=_card_paid(shop, refunded="100.00"), actor=clerk)

    _expire(pickup, django_capture_on_commit_callbacks, monkeypatch)

    refund = PaymentRefund.objects.get(order_id=pickup.order_id, key__startswith="cancel:")
    assert (refund.key, refund.amount) == (f"cancel:{pickup.order.number}", Decimal("399.00"))
