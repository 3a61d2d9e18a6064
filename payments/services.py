"""The one door to Stripe: a PaymentIntent per order, refunds, voids; integer minor units exist only in this module.

Capture is automatic: the card is charged when the shopper confirms. A manual-capture authorization lasts about
7 days (5 for some Visa flows), and a pickup can wait longer than that (ship to store, then the PICKUP_HOLD_DAYS
hold), so an authorization could lapse before the handover; charging at once and refunding an uncollected or
returned order (`payment_void_or_refund`, `payment_refund`) has one path that always works.

No Stripe call is made inside a transaction: the call happens first, its result is recorded in a short one.

Webhooks (`stripe_event_handle`) trust the object inside a verified event rather than re-fetching it: the signature
proves Stripe sent it, and every effect only moves forward (unpaid → paid, refunded amount only grows), so a late
or repeated event cannot undo a newer one, and the webhook needs no network call of its own — except to give
back money that arrived for an order that is already cancelled or expired.
"""

import logging
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum

from orders.models import Cart, CartLine, Order
from orders.services.status import RELEASING, order_payment_failed, order_payment_succeeded, order_transition
from payments.exceptions import PaymentUnavailable, RefundRefused
from payments.models import PaymentRefund, StripeEvent

log = logging.getLogger(__name__)

# Currencies Stripe counts in whole units (no cents); every other one has two decimals here.
ZERO_DECIMAL = frozenset(
    ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]
)
# A checkout must not hang on Stripe: seconds per request, and one retry (safe: every write has an idempotency key).
TIMEOUT = 10
RETRIES = 1
# An intent in one of these states has not taken money yet: it can be cancelled instead of refunded.
CANCELLABLE = frozenset({"requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"})


def stripe_client() -> stripe.StripeClient:
    """A client with our key, pointed at STRIPE_API_BASE when set (a local fake in tests)."""
    base = settings.STRIPE_API_BASE or None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,
        max_network_retries=RETRIES,
        http_client=stripe.new_default_http_client(timeout=TIMEOUT),
    )


def _exponent(currency: str) -> int:
    return 0 if currency.lower() in ZERO_DECIMAL else 2


def to_minor(amount: Decimal, currency: str) -> int:
    """499.00 NOK → 49900; refuses an amount with more decimals than the currency has."""
    scaled = Decimal(amount).scaleb(_exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} {currency} has more decimals than the currency")
    return int(scaled)


def from_minor(value: int, currency: str) -> Decimal:
    """49900 NOK → Decimal('499.00')."""
    exponent = _exponent(currency)
    return (Decimal(int(value)).scaleb(-exponent)).quantize(Decimal(1).scaleb(-exponent))


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
    locked = Order.objects.select_for_update(of=("self",), no_key=True).get(pk=order.pk)
    if not locked.stripe_payment_intent_id:
        locked.stripe_payment_intent_id = intent_id
        locked.save(update_fields=["stripe_payment_intent_id"])
    order.stripe_payment_intent_id = locked.stripe_payment_intent_id


@transaction.atomic
def _checkout_undo(*, order: Order, cart: Cart | None) -> None:
    """Nothing half-made: the unpaid order is cancelled (its units released) and its lines go back into the cart."""
    locked = Order.objects.select_for_update(of=("self",), no_key=True).get(pk=order.pk)
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


def _refunded_so_far(order: Order) -> Decimal:
    asked = PaymentRefund.objects.filter(order=order).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return max(asked, order.amount_refunded)


@transaction.atomic
def _refund_reserve(*, order: Order, amount: Decimal | None, key: str) -> PaymentRefund:
    """Write the refund before asking Stripe, under the order's lock: concurrent refunds cannot pass what was paid."""
    locked = Order.objects.select_for_update(of=("self",), no_key=True).get(pk=order.pk)
    existing = PaymentRefund.objects.filter(key=key).first()
    if existing is not None:
        if existing.order_id != locked.pk:
            raise RefundRefused(f"Refund key {key} belongs to another order.", number=locked.number)
        return existing
    if not locked.stripe_payment_intent_id or locked.amount_paid <= 0:
        raise RefundRefused(f"Order {locked.number} has no card payment to refund.", number=locked.number)
    left = locked.amount_paid - _refunded_so_far(locked)
    amount = left if amount is None else Decimal(amount)
    if amount <= 0 or left <= 0:
        raise RefundRefused(f"Order {locked.number} has nothing left to refund.", number=locked.number)
    if amount > left:
        raise RefundRefused(
            f"Order {locked.number}: {amount} is more than the {left} {locked.currency} left to refund.",
            number=locked.number,
        )
    to_minor(amount, locked.currency)  # an amount with too many decimals is refused before anything is written
    return PaymentRefund.objects.create(order=locked, key=key, amount=amount)


def payment_refund_reserve(*, order: Order, amount: Decimal | None, key: str) -> PaymentRefund:
    """Write a refund now, in the caller's transaction, and ask Stripe for it after the commit (`payment_refund` with
    the same key): a refund decided with a change outlives a task that is lost on the way. `amount` None: all
    that is left of the payment."""
    return _refund_reserve(order=order, amount=amount, key=key)


@transaction.atomic
def _refund_record(*, refund: PaymentRefund, stripe_refund_id: str) -> None:
    order = Order.objects.select_for_update(of=("self",), no_key=True).get(pk=refund.order_id)
    PaymentRefund.objects.filter(pk=refund.pk).update(stripe_refund_id=stripe_refund_id)
    asked = PaymentRefund.objects.filter(order=order).exclude(stripe_refund_id="").aggregate(total=Sum("amount"))
    order_refund_state(order=order, refunded=asked["total"] or Decimal("0.00"))


def order_refund_state(*, order: Order, refunded: Decimal) -> bool:
    """Record how much of a card payment went back (a locked order): only ever upwards, so replays change nothing."""
    refunded = min(max(refunded, order.amount_refunded), order.amount_paid)
    if refunded <= order.amount_refunded and order.payment_status in (
        Order.PaymentStatus.REFUNDED,
        Order.PaymentStatus.PARTIALLY_REFUNDED,
    ):
        return False
    if refunded <= 0:
        return False
    order.amount_refunded = refunded
    full = refunded >= order.amount_paid
    order.payment_status = Order.PaymentStatus.REFUNDED if full else Order.PaymentStatus.PARTIALLY_REFUNDED
    order.save(update_fields=["amount_refunded", "payment_status"])
    return True


def payment_refund(*, order: Order, amount: Decimal | None = None, key: str) -> str:
    """Refund (part of) an order's card payment; `key` makes a retry return the same refund, never a second one."""
    refund = _refund_reserve(order=order, amount=amount, key=key)
    if refund.stripe_refund_id:
        return refund.stripe_refund_id
    currency = order.currency
    try:
        answer = stripe_client().v1.refunds.create(
            params={
                "payment_intent": order.stripe_payment_intent_id,
                "amount": to_minor(refund.amount, currency),
                "metadata": {"order_number": order.number, "key": key},
            },
            options={"idempotency_key": f"order-{order.number}-refund-{key}"},
        )
    except (stripe.InvalidRequestError, stripe.CardError) as exc:
        # Stripe said no (e.g. nothing left on the charge): the reservation goes, so the money is not counted.
        PaymentRefund.objects.filter(pk=refund.pk, stripe_refund_id="").delete()
        raise RefundRefused(
            f"Stripe refused the refund of order {order.number}: {exc.user_message or exc}", number=order.number
        ) from exc
    # Unreachable: the row stays, so the amount stays counted; a retry with the same key completes it at Stripe.
    _refund_record(refund=refund, stripe_refund_id=answer.id)
    return answer.id


def payment_void_or_refund(*, order: Order, key: str) -> str:
    """Give an order's card money back however it stands: cancel an intent that took nothing, refund the rest of a
    paid one. Returns the refund id, "voided", or "" when there was nothing to give back."""
    if not order.stripe_payment_intent_id:
        return ""
    client = stripe_client()
    intent = client.v1.payment_intents.retrieve(order.stripe_payment_intent_id)
    if intent.status in CANCELLABLE:
        client.v1.payment_intents.cancel(
            order.stripe_payment_intent_id, options={"idempotency_key": f"order-{order.number}-void-{key}"}
        )
        return "voided"
    if intent.status != "succeeded":
        return ""
    # A success our webhook has not recorded yet is refunded by the webhook itself when it comes (the order is closed).
    order.refresh_from_db(fields=["amount_paid", "amount_refunded", "payment_status"])
    if order.amount_paid - _refunded_so_far(order) <= 0:
        return ""
    return payment_refund(order=order, key=key)


# ---- Webhooks: each event id handled once, in one durable transaction with its effect. ----


def _order_for(obj: dict, *, intent_id: str) -> Order | None:
    number = (obj.get("metadata") or {}).get("order_number")
    orders = Order.objects.select_for_update(of=("self",), no_key=True)
    order = orders.filter(number=number).first() if number else None
    if order is None and intent_id:
        order = orders.filter(stripe_payment_intent_id=intent_id).first()
    return order


def _intent_event(kind: str, intent: dict, order: Order) -> tuple[str, bool]:
    """(outcome, whether the money must go back because the order is already closed)."""
    if order.stripe_payment_intent_id and order.stripe_payment_intent_id != intent["id"]:
        return f"intent {intent['id']} is not the order's", False
    if str(intent.get("currency", "")).lower() != order.currency.lower():
        return f"currency {intent.get('currency')} is not the order's", False
    if kind == "payment_intent.succeeded":
        received = intent.get("amount_received") or intent.get("amount") or 0
        was = (order.status, order.payment_status)
        order = order_payment_succeeded(
            order=order, payment_intent_id=intent["id"], amount=from_minor(received, order.currency)
        )
        if order.status in RELEASING:
            return f"paid while {order.status}: refund", True
        return ("already paid" if was == (order.status, order.payment_status) else "paid"), False
    error = intent.get("last_payment_error") or {}
    before = order.payment_status
    order = order_payment_failed(
        order=order, payment_intent_id=intent["id"], message=str(error.get("message") or "declined")[:200]
    )
    return ("failed" if order.payment_status != before else "ignored: not awaiting payment"), False


def _charge_refunded(charge: dict, order: Order) -> str:
    if str(charge.get("currency", "")).lower() != order.currency.lower():
        return f"currency {charge.get('currency')} is not the order's"
    refunded = from_minor(charge.get("amount_refunded") or 0, order.currency)
    return "refund recorded" if order_refund_state(order=order, refunded=refunded) else "refund already recorded"


INTENT_EVENTS = ("payment_intent.succeeded", "payment_intent.payment_failed")


def stripe_event_handle(*, event: dict) -> str:
    """Apply one verified Stripe event once: stored by its id in the same transaction as its effect, so a second
    delivery (even at the same moment) changes nothing. Money for an order already closed is given back after."""
    obj = event["data"]["object"]
    kind = event["type"]
    give_back = None
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(event_id=event["id"], type=kind[:100])
        except IntegrityError:
            return "duplicate"
        if kind in INTENT_EVENTS:
            order = _order_for(obj, intent_id=obj.get("id", ""))
            outcome, refund = _intent_event(kind, obj, order) if order else ("no such order", False)
            give_back = order if refund else None
        elif kind == "charge.refunded":
            order = _order_for(obj, intent_id=obj.get("payment_intent") or "")
            outcome = _charge_refunded(obj, order) if order else "no such order"
        else:
            order, outcome = None, "not handled"
        record.order, record.outcome = order, outcome[:200]
        record.save(update_fields=["order", "outcome"])
    if give_back is not None:
        try:
            payment_void_or_refund(order=give_back, key=f"closed-{give_back.stripe_payment_intent_id}")
        except (stripe.StripeError, RefundRefused):
            log.exception("Order %s was paid after it closed; refund it by hand", give_back.number)
    return outcome
