"""POST /payments/stripe/webhook/: signed events only, each handled once, in any order, without undoing newer news."""

import json
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from core.models import OutboxMessage
from inventory.models import Reservation
from orders.models import Order, OrderEvent
from orders.services import orders_expire_unpaid
from payments.models import StripeEvent
from payments.services import payment_intent_for_order, stripe_client
from tests.payments.stripe_fake import (  # noqa: F401
    card_pay,
    deliver,
    event,
    intent,
    signed,
    stripe_on,  # noqa: F401
)
from tests.payments.test_stripe_payments import card_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_on")]


@pytest.fixture
def started(request, shop):
    """A pending card order whose PaymentIntent exists at (fake) Stripe, not paid yet."""
    request.getfixturevalue("stripe_on")
    order = card_order(shop)
    return Order.objects.get(pk=order.pk), payment_intent_for_order(order=order)["id"]


def _confirmations(order) -> int:
    return OutboxMessage.objects.filter(key=f"order-confirmation:{order.pk}").count()


def _transitions(order) -> list[tuple[str, str]]:
    return list(OrderEvent.objects.filter(order=order).exclude(from_status="").values_list("from_status", "to_status"))


def test_succeeded_places_the_order_records_the_money_and_queues_one_confirmation(client, started):
    order, intent_id = started
    card_pay(intent_id)

    response = deliver(client, event("payment_intent.succeeded", intent(intent_id)))

    assert response.status_code == 200 and response.json() == {"received": True, "outcome": "paid"}
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.amount_paid) == ("placed", "paid", Decimal("499.00"))
    assert order.expires_at is None
    assert _transitions(order) == [("pending", "placed")]
    assert _confirmations(order) == 1


@pytest.mark.parametrize(
    "header",
    ["t=1,v1=deadbeef", "", "v1=abc", "garbage"],
)
def test_a_bad_signature_is_a_400_and_changes_nothing(client, started, header):
    order, intent_id = started
    card_pay(intent_id)
    body = json.dumps(event("payment_intent.succeeded", intent(intent_id))).encode()

    response = client.post(
        "/payments/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400 and response.json()["error"] == "invalid"
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "unpaid")
    assert not StripeEvent.objects.exists() and _confirmations(order) == 0


def test_signed_with_another_secret_is_refused(client, started):
    order, intent_id = started
    response = deliver(client, event("payment_intent.succeeded", intent(intent_id)), secret="whsec_someone_else")
    assert response.status_code == 400
    assert Order.objects.get(pk=order.pk).status == "pending"


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"id": "evt_1", "type": "x"}', b"\xff\xfe"])
def test_a_signed_body_that_is_not_an_event_is_a_400(client, body):
    response = client.post(
        "/payments/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(body)
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_an_old_signature_is_refused(client, started):
    order, intent_id = started
    body = json.dumps(event("payment_intent.succeeded", intent(intent_id))).encode()
    stale = signed(body, at=int(timezone.now().timestamp()) - 3600)
    response = client.post(
        "/payments/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=stale
    )
    assert response.status_code == 400


def test_the_same_event_twice_is_one_transition_and_one_email(client, started):
    order, intent_id = started
    card_pay(intent_id)
    payload = event("payment_intent.succeeded", intent(intent_id))

    first, second = deliver(client, payload), deliver(client, payload)

    assert (first.json()["outcome"], second.json()["outcome"]) == ("paid", "duplicate")
    assert _transitions(order) == [("pending", "placed")]
    assert _confirmations(order) == 1 and StripeEvent.objects.count() == 1


def test_another_event_with_the_same_news_changes_nothing(client, started):
    order, intent_id = started
    card_pay(intent_id)
    paid = intent(intent_id)
    deliver(client, event("payment_intent.succeeded", paid))

    again = deliver(client, event("payment_intent.succeeded", paid))

    assert again.json()["outcome"] == "already paid"
    assert _transitions(order) == [("pending", "placed")] and _confirmations(order) == 1


def test_failed_then_succeeded_ends_paid(client, started):
    order, intent_id = started
    failed = {**intent(intent_id), "status": "requires_payment_method", "last_payment_error": {"message": "Declined"}}
    deliver(client, event("payment_intent.payment_failed", failed))
    assert Order.objects.get(pk=order.pk).payment_status == "failed"

    card_pay(intent_id)
    deliver(client, event("payment_intent.succeeded", intent(intent_id)))

    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("placed", "paid")
    assert _confirmations(order) == 1


def test_a_late_failure_after_success_does_not_unpay_the_order(client, started):
    order, intent_id = started
    earlier_failure = {**intent(intent_id), "last_payment_error": {"message": "Declined"}}
    card_pay(intent_id)
    deliver(client, event("payment_intent.succeeded", intent(intent_id)))

    response = deliver(client, event("payment_intent.payment_failed", earlier_failure))

    assert response.json()["outcome"] == "ignored: not awaiting payment"
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("placed", "paid")


def test_success_after_the_order_expired_keeps_it_expired_and_gives_the_money_back(
    client, started, django_capture_on_commit_callbacks
):
    order, intent_id = started
    card_pay(intent_id)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    assert orders_expire_unpaid(now=timezone.now()) == 1

    with django_capture_on_commit_callbacks(execute=True):  # the refund is asked of Stripe after the commit
        response = deliver(client, event("payment_intent.succeeded", intent(intent_id)))

    assert response.json()["outcome"] == "paid while expired: refund"
    order.refresh_from_db()
    assert order.status == "expired"
    assert (order.payment_status, order.amount_refunded) == ("refunded", Decimal("499.00"))
    [refund] = stripe_client().v1.refunds.list().data
    assert (refund.payment_intent, refund.amount) == (intent_id, 49900)
    assert not Reservation.objects.filter(reference=order.number, status=Reservation.Status.OPEN).exists()
    assert _confirmations(order) == 0


def _charge(intent_id: str, *, refunded: int, amount: int = 49900) -> dict:
    return {
        "id": "ch_test_1",
        "object": "charge",
        "amount": amount,
        "amount_refunded": refunded,
        "currency": "nok",
        "payment_intent": intent_id,
        "refunded": refunded == amount,
        "metadata": {},
    }


def test_charge_refunded_records_the_refund_and_a_replay_changes_nothing(client, started):
    order, intent_id = started
    card_pay(intent_id)
    deliver(client, event("payment_intent.succeeded", intent(intent_id)))
    partial = event("charge.refunded", _charge(intent_id, refunded=10000))

    assert deliver(client, partial).json()["outcome"] == "refund recorded"
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("partially_refunded", Decimal("100.00"))

    assert deliver(client, partial).json()["outcome"] == "duplicate"
    older_news = event("charge.refunded", _charge(intent_id, refunded=5000))
    assert deliver(client, older_news).json()["outcome"] == "refund already recorded"
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("partially_refunded", Decimal("100.00"))

    deliver(client, event("charge.refunded", _charge(intent_id, refunded=49900)))
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.amount_refunded) == ("placed", "refunded", Decimal("499.00"))


def test_events_we_do_not_handle_are_acknowledged_and_stored(client):
    response = deliver(client, event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert response.status_code == 200 and response.json()["outcome"] == "not handled"


def test_an_event_for_an_order_we_do_not_know_is_acknowledged(client):
    obj = {"id": "pi_unknown", "object": "payment_intent", "amount": 100, "currency": "nok", "metadata": {}}
    response = deliver(client, event("payment_intent.succeeded", obj))
    assert response.status_code == 200 and response.json()["outcome"] == "no such order"


def test_without_a_webhook_secret_the_endpoint_refuses(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert deliver(client, event("customer.created", {"id": "cus_1"})).status_code == 404


def test_get_is_not_allowed(client):
    assert client.get("/payments/stripe/webhook/").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_two_identical_deliveries_at_once_make_one_transition(shop):
    order, intent_id = Order.objects.get(pk=card_order(shop).pk), None
    intent_id = payment_intent_for_order(order=order)["id"]
    card_pay(intent_id)
    payload = event("payment_intent.succeeded", intent(intent_id))
    barrier, outcomes = threading.Barrier(2), []

    def stripe_delivers():
        try:
            barrier.wait(timeout=10)
            outcomes.append(deliver(Client(), payload).json()["outcome"])
        finally:
            connection.close()

    threads = [threading.Thread(target=stripe_delivers) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes) == ["duplicate", "paid"]
    assert _transitions(order) == [("pending", "placed")]
    assert _confirmations(order) == 1 and StripeEvent.objects.count() == 1
