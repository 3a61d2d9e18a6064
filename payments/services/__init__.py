"""Every movement of card money, and every refund of any kind, goes through these functions."""

from payments.services.intents import intent_idempotency_key, payment_client_secret, payment_intent_for_order
from payments.services.refunds import (
    RETRY_AFTER,
    charge_refunded_record,
    closing_key,
    order_closed_refund,
    order_refund_state,
    payment_refund,
    refund_send,
    refund_write,
    refunds_send_due,
)
from payments.services.stripe_api import from_minor, stripe_client, to_minor
from payments.services.webhooks import event_check, stripe_event_handle

__all__ = [
    "RETRY_AFTER",
    "charge_refunded_record",
    "closing_key",
    "event_check",
    "from_minor",
    "intent_idempotency_key",
    "order_closed_refund",
    "order_refund_state",
    "payment_client_secret",
    "payment_intent_for_order",
    "payment_refund",
    "refund_send",
    "refund_write",
    "refunds_send_due",
    "stripe_client",
    "stripe_event_handle",
    "to_minor",
]
