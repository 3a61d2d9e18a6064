"""Money goes back exactly once on every path that closes or returns an order, and Stripe is never called while a
transaction is open: the refund is a row written with the change, asked of Stripe after the commit, and asked again
by beat when no answer came."""

import json
import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import Order, OrderEvent
from orders.services import order_cancel, order_transition
from payments.exceptions import StripeCallInTransaction  # noqa: I001
from payments.models import PaymentRefund
from payments.services import payment_intent_for_order, payment_refund, refunds_send_due, stripe_client
from pickup.checkout import checkout_place
from returns.models import Return
from tests.factories import StaffFactory, api_token_key
from tests.orders.conftest import cart_with
from tests.payments.stripe_fake import card_pay, deliver, event, intent, signed, stripe_on  # noqa: F401
from tests.payments.test_stripe_payments import card_order, paid_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_on")]


def stripe_refunds(intent_id: str) -> list[int]:
    return [refund.amount for refund in stripe_client().v1.refunds.list().data if refund.payment_intent == intent_id]


# ---- 1. Closing a card-paid order gives the money back. ----


def test_cancelling_a_card_paid_order_writes_its_refund_and_asks_stripe_after_the_commit(
    client, shop, django_capture_on_commit_callbacks
):
    order = paid_order(client, shop)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order_cancel(order=order, note="The shopper changed their mind")
    [refund] = PaymentRefund.objects.filter(order=order)
    assert (refund.key, refund.amount, refund.stripe_refund_id) == (f"cancel:{order.number}", Decimal("499"), "")
    assert stripe_refunds(order.stripe_payment_intent_id) == []  # nothing asked while the transaction was open

    for callback in callbacks:
        callback()
    order.refresh_from_db()
    assert stripe_refunds(order.stripe_payment_intent_id) == [49900]
    assert (order.payment_status, order.amount_refunded) == ("refunded", Decimal("499.00"))


def test_a_clerk_cancelling_a_card_paid_pickup_through_the_api_refunds_it_once(
    client, shop, django_capture_on_commit_callbacks
):
    order = paid_order(client, shop)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(StaffFactory(location=shop['store']))}")

    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"/api/v1/pickups/{order.number}/cancel/").status_code == 200
        assert api.post(f"/api/v1/pickups/{order.number}/cancel/").status_code == 409

    assert stripe_refunds(order.stripe_payment_intent_id) == [49900]
    assert PaymentRefund.objects.filter(order=order).count() == 1


def test_a_refund_whose_task_was_lost_is_asked_again_by_beat_ten_minutes_on(client, shop):
    order = paid_order(client, shop)
    order_cancel(order=order)  # the after-commit task never runs here: the broker lost it

    assert refunds_send_due(now=timezone.now()) == 0  # not yet: the task may still be on its way
    assert refunds_send_due(now=timezone.now() + timedelta(minutes=11)) == 1
    assert refunds_send_due(now=timezone.now() + timedelta(minutes=11)) == 0
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("refunded", Decimal("499.00"))
    assert stripe_refunds(order.stripe_payment_intent_id) == [49900]


def test_cancelling_an_order_that_was_never_paid_refunds_nothing(shop):
    order = card_order(shop)
    payment_intent_for_order(order=order)
    order_cancel(order=Order.objects.get(pk=order.pk))
    assert not PaymentRefund.objects.filter(order=order).exists()


# ---- 2. No call to Stripe inside a transaction. ----


@pytest.mark.django_db(transaction=True)
def test_the_payments_service_refuses_to_call_stripe_inside_a_transaction(client, shop):
    order = paid_order(client, shop)
    with transaction.atomic(), pytest.raises(StripeCallInTransaction):
        payment_refund(order=order, amount=Decimal("10.00"), key="inside")
    with transaction.atomic(), pytest.raises(StripeCallInTransaction):
        payment_intent_for_order(order=card_order(shop))
    assert stripe_refunds(order.stripe_payment_intent_id) == []


@pytest.mark.django_db(transaction=True)
def test_a_card_return_through_the_api_writes_its_refund_with_the_return_and_asks_stripe_after(client, shop):
    order = paid_order(client, shop)
    for step in ("picking", "ready", "completed"):
        order = order_transition(order=order, to=step)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(StaffFactory(location=shop['store']))}")

    response = api.post(
        "/api/v1/returns/",
        {"order": order.number, "lines": [{"sku": shop["jacket"].sku, "quantity": 1}], "refund_method": "card"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    ret = Return.objects.get()
    [refund] = PaymentRefund.objects.filter(order=order)
    assert (refund.key, refund.amount) == (f"return:{ret.pk}", Decimal("499.00"))
    assert refund.stripe_refund_id  # asked after the commit (tasks run at once in tests)
    assert ret.refund_status == "refunded" and ret.refund_reference == refund.stripe_refund_id
    assert stripe_refunds(order.stripe_payment_intent_id) == [49900]


# ---- 3. The webhook believes only a payment that matches the order. ----


def _pay_at_pickup_order(shop) -> Order:
    return checkout_place(
        cart=cart_with([(shop["jacket"], 1)]),
        email="kari@example.com",
        fulfilment="pickup",
        location=shop["store"],
        payment_method=Order.PaymentMethod.PAY_AT_PICKUP,
    )


def _foreign_intent(order: Order, *, amount: int, currency: str = "nok") -> dict:
    return {
        "id": "pi_not_ours",
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount,
        "currency": currency,
        "status": "succeeded",
        "metadata": {"order_number": order.number},
    }


def test_a_signed_payment_for_a_pay_at_pickup_order_changes_nothing_and_is_told_to_staff(client, shop):
    order = _pay_at_pickup_order(shop)

    response = deliver(client, event("payment_intent.succeeded", _foreign_intent(order, amount=100)))

    assert response.status_code == 200
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.amount_paid) == ("placed", "unpaid", Decimal("0.00"))
    assert OrderEvent.objects.filter(order=order, note__icontains="payment does not match the order").exists()


def test_a_payment_of_the_wrong_amount_for_the_orders_own_intent_is_not_taken_as_paid(client, shop):
    order = card_order(shop)
    intent_id = payment_intent_for_order(order=order)["id"]
    card_pay(intent_id)
    short = {**intent(intent_id), "amount_received": 100}

    assert deliver(client, event("payment_intent.succeeded", short)).status_code == 200

    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "unpaid")
    assert OrderEvent.objects.filter(order=order, note__icontains="payment does not match the order").exists()


def test_a_payment_in_another_currency_is_not_taken_as_paid(client, shop):
    order = card_order(shop)
    intent_id = payment_intent_for_order(order=order)["id"]
    card_pay(intent_id)

    deliver(client, event("payment_intent.succeeded", {**intent(intent_id), "currency": "eur"}))

    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "unpaid")


def test_money_for_a_cancelled_order_is_written_as_its_refund_and_given_back_after_the_commit(
    client, shop, django_capture_on_commit_callbacks
):
    order = card_order(shop)
    intent_id = payment_intent_for_order(order=order)["id"]
    order_cancel(order=Order.objects.get(pk=order.pk))
    card_pay(intent_id)  # the shopper paid in a tab left open

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, event("payment_intent.succeeded", intent(intent_id)))

    assert response.json()["outcome"] == "paid while cancelled: refund"
    [refund] = PaymentRefund.objects.filter(order=order)
    assert (refund.key, refund.amount) == (f"cancel:{order.number}", Decimal("499.00"))
    order.refresh_from_db()
    assert (order.status, order.payment_status, order.amount_refunded) == ("cancelled", "refunded", Decimal("499"))
    assert stripe_refunds(intent_id) == [49900]


# ---- 4. A malformed signed event is a JSON 400, never a 500. ----


@pytest.mark.parametrize(
    "kind, obj",
    [
        ("payment_intent.succeeded", {"object": "payment_intent", "amount": 100, "currency": "nok"}),
        ("payment_intent.succeeded", {"id": "pi_1", "amount_received": "abc", "currency": "nok"}),
        ("charge.refunded", {"id": "ch_1", "payment_intent": "pi_1", "amount_refunded": "abc", "currency": "nok"}),
        ("charge.refunded", {"id": "ch_1", "payment_intent": ["pi_1"], "amount_refunded": 1, "currency": "nok"}),
    ],
)
def test_a_signed_event_we_cannot_read_is_a_json_400(client, shop, kind, obj):
    order = paid_order(client, shop)
    obj.setdefault("metadata", {"order_number": order.number})

    response = deliver(client, event(kind, obj))

    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == "invalid"
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("paid", Decimal("0"))


def test_every_webhook_answer_is_json(client, settings):
    body = json.dumps(event("customer.created", {"id": "cus_1"})).encode()
    ignored = client.post(
        "/payments/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(body)
    )
    bad = client.post("/payments/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1")
    assert (ignored.status_code, bad.status_code) == (200, 400)
    assert ignored["Content-Type"] == bad["Content-Type"] == "application/json"


# ---- 5. One writer of refund state, true for cash and card alike. ----


def test_a_cash_return_of_a_card_order_counts_as_refunded_money_on_the_order(client, shop):
    order = paid_order(client, shop, jackets=2)
    for step in ("picking", "ready", "completed"):
        order = order_transition(order=order, to=step)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(StaffFactory(location=shop['store']))}")

    response = api.post(
        "/api/v1/returns/",
        {"order": order.number, "lines": [{"sku": shop["jacket"].sku, "quantity": 1}], "refund_method": "cash"},
        format="json",
    )

    assert response.status_code == 201
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("partially_refunded", Decimal("499.00"))


# ---- 6. Stock before the reward, on every path. ----


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def _until(condition, *, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the transactions never queued up as planned"
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_a_till_sale_and_a_web_checkout_racing_for_one_reward_code_use_it_once_without_deadlock(shop):
    """The web checkout queues for the cap's stock first, the till second; both hold nothing else the other needs
    only if the till, too, takes stock before the reward (taking the reward first deadlocks here, every time)."""
    from channels.services.devices import device_client_create
    from inventory.models import StockLevel
    from loyalty.services import points_adjust, reward_create
    from tests.customers.factories import shopper

    _, customer = shopper("kari@example.com")
    points_adjust(customer=customer, points=500, reason="welcome", key="test:welcome")
    reward = reward_create(customer=customer, points=500)
    _, key = device_client_create(name="Till 1", location=shop["store"], scopes=["pos:sale"])
    price = Decimal(str(shop["cap"].price))
    due = price - min(Decimal(reward.value), price)
    cart = cart_with([(shop["cap"], 1)], customer=customer)
    held, release, outcomes = threading.Event(), threading.Event(), {}

    def hold_the_stock():
        try:
            with transaction.atomic():
                list(StockLevel.objects.select_for_update().filter(variant=shop["cap"], location=shop["store"]))
                held.set()
                release.wait(20)
        finally:
            connection.close()

    def till():
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        try:
            outcomes["till"] = api.post(
                "/api/v1/pos/sales/",
                {
                    "idempotency_key": "race-1",
                    "customer": {"email": "kari@example.com"},
                    "lines": [{"sku": shop["cap"].sku, "quantity": 1, "unit_price": str(price)}],
                    "payments": [{"method": "reward", "code": reward.code}, {"method": "cash", "amount": str(due)}],
                },
                format="json",
            ).status_code
        except Exception as exc:  # noqa: BLE001 — a deadlock surfacing as an error is what is measured
            outcomes["till"] = type(exc).__name__
        finally:
            connection.close()

    def web():
        try:
            checkout_place(
                cart=cart,
                email="kari@example.com",
                customer=customer,
                fulfilment="pickup",
                location=shop["store"],
                payment_method=Order.PaymentMethod.PAY_AT_PICKUP,
                reward_code=reward.code,
            )
            outcomes["web"] = "placed"
        except Exception as exc:  # noqa: BLE001 — the loser's refusal is what is measured
            outcomes["web"] = type(exc).__name__
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_stock)
    holder.start()
    assert held.wait(10)
    buyers = [threading.Thread(target=web), threading.Thread(target=till)]
    buyers[0].start()
    _until(lambda: _lock_waiters() >= 1)
    buyers[1].start()
    _until(lambda: _lock_waiters() >= 2)
    release.set()
    for thread in [holder, *buyers]:
        thread.join(timeout=30)

    assert not any(thread.is_alive() for thread in buyers)
    assert outcomes == {"web": "placed", "till": 400}, outcomes
    reward.refresh_from_db()
    assert Order.objects.filter(discount_total__gt=0).get().number == reward.redeemed_order_number
