"""A PaymentIntent per card order: made after the order commits, recorded on the order, undone when Stripe is away.

Capture is automatic: the card is charged when the shopper confirms. A manual-capture authorization lasts about
7 days (5 for some Visa flows), and a pickup can wait longer than that (ship to store, then the PICKUP_HOLD_DAYS
hold), so an authorization could lapse before the handover; charging at once and refunding an uncollected or
returned order has one path that always works.
"""

import logging

import stripe
from django.db import transaction

from orders.models import Cart, CartLine, Order
from orders.services.status import order_lock, order_transition
from payments.exceptions import PaymentUnavailable
from payments.services.stripe_api import stripe_client, to_minor

log = logging.getLogger(__name__)


def intent_idempotency_key(order: Order) -> str:
    return f"order-{order.number}-pi"


def payment_intent_for_order(*, order: Order, cart: Cart | None = None) -> dict:
    """The order's PaymentIntent ({id, client_secret, status}), made once per order. When Stripe cannot be reached
    the order is cancelled (its units go back on sale, its lines back into `cart`) and PaymentUnavailable raised."""
    client = stripe_client()
    try:
        if order.stripe_payment_intent_id:
            intent = client.v1.payment_intents.retrieve(order.stripe_payment_intent_id)
        else:
            intent = client.v1.payment_intents.create(
                params={
                    "amount": to_minor(order.total, order.currency),
                    "currency": order.currency.lower(),
                    "capture_method": "automatic",
                    "payment_method_types": ["card"],
                    "metadata": {"order_number": order.number},
                },
                options={"idempotency_key": intent_idempotency_key(order)},
            )
    except stripe.StripeError as exc:
        log.warning("Stripe refused or missed the PaymentIntent of order %s: %s", order.number, exc)
        _checkout_undo(order=order, cart=cart)
        raise PaymentUnavailable(number=order.number) from exc
    _intent_record(order=order, intent_id=intent.id)
    return {"id": intent.id, "client_secret": intent.client_secret, "status": intent.status}


def payment_client_secret(*, order: Order) -> str | None:
    """The secret the Payment Element needs to pay this order; None when Stripe cannot be asked right now."""
    if not order.stripe_payment_intent_id:
        return None
    try:
        return stripe_client().v1.payment_intents.retrieve(order.stripe_payment_intent_id).client_secret
    except stripe.StripeError as exc:
        log.warning("Could not read the PaymentIntent of order %s: %s", order.number, exc)
        return None


@transaction.atomic
def _intent_record(*, order: Order, intent_id: str) -> None:
    locked = order_lock(order_id=order.pk)
    if not locked.stripe_payment_intent_id:
        locked.stripe_payment_intent_id = intent_id
        locked.save(update_fields=["stripe_payment_intent_id"])
    order.stripe_payment_intent_id = locked.stripe_payment_intent_id


@transaction.atomic
def _checkout_undo(*, order: Order, cart: Cart | None) -> None:
    """Nothing half-made: the unpaid order is cancelled (its units released) and its lines go back into the cart."""
    locked = order_lock(order_id=order.pk)
    if locked.status == Order.Status.PENDING:
        order_transition(order=locked, to=Order.Status.CANCELLED, note="The card payment could not be started")
    if cart is not None:
        CartLine.objects.bulk_create(
            [
                CartLine(
                    cart=cart, variant_id=line.variant_id, quantity=line.quantity, price_when_added=line.unit_price
                )
                for line in locked.lines.exclude(variant=None)
            ],
            ignore_conflicts=True,
        )
    order.status = Order.Status.CANCELLED


def payment_intent_card_present(*, order: Order) -> str:
    """The card-present PaymentIntent of an order paid on a store's reader, made once per order (under its key) and
    recorded on the order, so the webhook settles it like any card order. Raises stripe.StripeError."""
    order.refresh_from_db(fields=["stripe_payment_intent_id"])
    if not order.stripe_payment_intent_id:
        intent = stripe_client().v1.payment_intents.create(
            params={
                "amount": to_minor(order.total, order.currency),
                "currency": order.currency.lower(),
                "capture_method": "automatic",
                "payment_method_types": ["card_present"],
                "metadata": {"order_number": order.number},
            },
            options={"idempotency_key": f"order-{order.number}-card-present-pi"},
        )
        _intent_record(order=order, intent_id=intent.id)
    return order.stripe_payment_intent_id
