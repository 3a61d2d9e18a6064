"""Stripe's webhook events: each event id handled once, in one durable transaction with its effect.

An event is believed only for the PaymentIntent stored on the order, in the order's currency and for the order's
total; anything else is told to staff on the order's history and changes nothing. Effects only move forward
(unpaid → paid, refunded amount only grows), so a late or repeated event cannot undo a newer one. Money that
arrives for an order already cancelled or expired is written as its refund in the same transaction and given back
after the commit.
"""

from django.db import IntegrityError, transaction

from orders.models import Order
from orders.services.status import RELEASING, order_note_add, order_payment_failed, order_payment_succeeded
from payments.exceptions import WebhookEventInvalid
from payments.models import StripeEvent
from payments.services.refunds import charge_refunded_record, order_closed_refund
from payments.services.stripe_api import from_minor, to_minor
from payments.signals import terminal_payment_answered

INTENT_EVENTS = ("payment_intent.succeeded", "payment_intent.payment_failed")
REFUND_EVENTS = ("charge.refunded",)
READER_EVENTS = ("terminal.reader.action_failed",)
MISMATCH = "Card payment does not match the order"


def _text(obj: dict, field: str, *, required: bool = True) -> str:
    value = obj.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise WebhookEventInvalid(f"data.object.{field} must be a string.", field=f"data.object.{field}")
    return value


def _minor(obj: dict, field: str) -> int:
    value = obj.get(field, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise WebhookEventInvalid(f"data.object.{field} must be a whole amount.", field=f"data.object.{field}")
    return value


def event_check(*, kind: str, obj: dict) -> None:
    """Refuse (WebhookEventInvalid, a 400) a signed event whose object we cannot read, before anything is stored."""
    if kind in INTENT_EVENTS:
        _text(obj, "id")
        _text(obj, "currency", required=False)
        _minor(obj, "amount_received")
        _minor(obj, "amount")
    elif kind in REFUND_EVENTS:
        _text(obj, "id")
        _text(obj, "payment_intent")
        _text(obj, "currency")
        _minor(obj, "amount_refunded")
    if kind in INTENT_EVENTS + REFUND_EVENTS and not isinstance(obj.get("metadata") or {}, dict):
        raise WebhookEventInvalid("data.object.metadata must be an object.", field="data.object.metadata")


def _order_for(obj: dict, *, intent_id: str) -> Order | None:
    """The order whose PaymentIntent this is, else the order the metadata names (to tell its staff), locked."""
    orders = Order.objects.select_for_update(of=("self",), no_key=True)
    order = orders.filter(stripe_payment_intent_id=intent_id).first() if intent_id else None
    number = (obj.get("metadata") or {}).get("order_number")
    if order is None and isinstance(number, str) and number:
        order = orders.filter(number=number).first()
    return order


def _mismatch(kind: str, intent: dict, order: Order) -> str:
    """Why this payment is not the order's, or "" when it is."""
    if order.stripe_payment_intent_id != intent["id"]:
        return f"payment {intent['id']} is not the order's"
    if str(intent.get("currency", "")).lower() != order.currency.lower():
        return f"currency {intent.get('currency')} is not the order's {order.currency}"
    if kind == "payment_intent.succeeded":
        received = intent.get("amount_received") or intent.get("amount") or 0
        if received != to_minor(order.total, order.currency):
            return f"{from_minor(received, order.currency)} received for a total of {order.total}"
    return ""


def _intent_event(kind: str, intent: dict, order: Order) -> str:
    mismatch = _mismatch(kind, intent, order)
    if mismatch:
        order_note_add(order=order, note=f"{MISMATCH}: {mismatch} (Stripe {kind}); nothing was changed.")
        return f"ignored: {mismatch}"
    if kind == "payment_intent.succeeded":
        was = (order.status, order.payment_status)
        order = order_payment_succeeded(order=order, payment_intent_id=intent["id"], amount=order.total)
        if order.status in RELEASING:
            order_closed_refund(order=order)
            return f"paid while {order.status}: refund"
        return "already paid" if was == (order.status, order.payment_status) else "paid"
    error = intent.get("last_payment_error") or {}
    before = order.payment_status
    message = error.get("message") if isinstance(error, dict) else None
    order = order_payment_failed(order=order, payment_intent_id=intent["id"], message=str(message or "declined")[:200])
    return "failed" if order.payment_status != before else "ignored: not awaiting payment"


def _charge_refunded(charge: dict, order: Order) -> str:
    if charge["payment_intent"] != order.stripe_payment_intent_id:
        return f"ignored: payment {charge['payment_intent']} is not the order's"
    if charge["currency"].lower() != order.currency.lower():
        return f"ignored: currency {charge['currency']} is not the order's"
    changed = charge_refunded_record(
        order=order, charge_id=charge["id"], amount_refunded_minor=charge.get("amount_refunded", 0)
    )
    return "refund recorded" if changed else "refund already recorded"


def _reader_intent(reader: dict) -> tuple[str, str]:
    """(the PaymentIntent a reader's failed action was for, Stripe's reason), or ("", "") for another action."""
    action = reader.get("action") if isinstance(reader.get("action"), dict) else {}
    process = action.get("process_payment_intent") if isinstance(action.get("process_payment_intent"), dict) else {}
    intent_id = process.get("payment_intent")
    if not isinstance(intent_id, str) or not intent_id:
        return "", ""
    return intent_id, str(action.get("failure_message") or action.get("failure_code") or "declined")[:200]


def _terminal_answered(**answer) -> str:
    """Tell the counter (clerk) how a card-present payment no order owns went; its outcome, or "no such order"."""
    outcomes = [str(out) for _, out in terminal_payment_answered.send(sender=None, **answer) if out]
    return "; ".join(outcomes) or "no such order"


def _unowned_intent(kind: str, intent: dict) -> str:
    error = intent.get("last_payment_error") or {}
    return _terminal_answered(
        intent_id=intent["id"],
        succeeded=kind == "payment_intent.succeeded",
        amount=intent.get("amount_received") or intent.get("amount"),
        currency=str(intent.get("currency") or ""),
        message=str((error.get("message") if isinstance(error, dict) else None) or "declined")[:200],
    )


def stripe_event_handle(*, event: dict) -> str:
    """Apply one verified Stripe event once: stored by its id in the same transaction as its effect, so a second
    delivery (even at the same moment) changes nothing. Raises WebhookEventInvalid for an object we cannot read."""
    obj, kind = event["data"]["object"], event["type"]
    event_check(kind=kind, obj=obj)
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(event_id=event["id"], type=kind[:100])
        except IntegrityError:
            return "duplicate"
        if kind in INTENT_EVENTS:
            order = _order_for(obj, intent_id=obj["id"])
            outcome = _intent_event(kind, obj, order) if order else _unowned_intent(kind, obj)
        elif kind in REFUND_EVENTS:
            order = _order_for(obj, intent_id=obj["payment_intent"])
            outcome = _charge_refunded(obj, order) if order else "no such order"
        elif kind in READER_EVENTS and _reader_intent(obj)[0]:
            intent_id, message = _reader_intent(obj)
            order = None
            outcome = _terminal_answered(
                intent_id=intent_id, succeeded=False, amount=None, currency="", message=message
            )
        else:
            order, outcome = None, "not handled"
        record.order, record.outcome = order, outcome[:200]
        record.save(update_fields=["order", "outcome"])
    return outcome


def payment_intent_apply(*, intent: dict) -> str:
    """A PaymentIntent read back from Stripe (a clerk's waiting page) that succeeded, applied as its webhook event
    would be: under the order's lock, so whichever of the two comes first pays the order and the other changes
    nothing. Its outcome, or "not paid" for an intent that has not succeeded."""
    intent = {key: value for key, value in intent.items() if value is not None}
    kind = "payment_intent.succeeded"
    if intent.get("status") != "succeeded":
        return "not paid"
    event_check(kind=kind, obj=intent)
    with transaction.atomic(durable=True):
        order = _order_for(intent, intent_id=intent["id"])
        return _intent_event(kind, intent, order) if order else "no such order"
