"""Money back: every refund is a PaymentRefund row, written in the transaction that decides it, with its own key.

A card refund is asked of Stripe after that commit (`refund_send`, from a task), and asked again by beat when no
answer came (`refunds_send_due`); Stripe's idempotency key follows from the row's key, so asking twice never pays
twice. A cash refund or one on a till's card terminal is settled when written. `order_refund_state` is the one
writer of an order's refunded amount and payment status, for every method alike.
"""

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

import stripe
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from orders.models import Order
from orders.services.status import RELEASING, order_lock
from payments.exceptions import RefundRefused
from payments.models import PaymentRefund
from payments.services.stripe_api import from_minor, stripe_client, to_minor
from payments.signals import refund_answered, refund_refused

log = logging.getLogger(__name__)

Method = PaymentRefund.Method
# A card refund not answered this long after it was written is asked again by beat (its task may have been lost).
RETRY_AFTER = timedelta(minutes=10)


def closing_key(order: Order) -> str:
    """The one refund of an order that closed (cancelled, expired, or paid after it closed): it closes once."""
    return f"cancel:{order.number}"


def _refunded_so_far(order: Order) -> Decimal:
    """Everything written to go back, answered or not: what is left to refund is what was paid minus this."""
    total = PaymentRefund.objects.filter(order=order).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def _reserve(order: Order, *, amount: Decimal | None, key: str, method: str) -> PaymentRefund:
    """Write one refund of a locked order; the same key again returns the first. `amount` None: all that is left."""
    existing = PaymentRefund.objects.filter(key=key).first()
    if existing is not None:
        if existing.order_id != order.pk:
            raise RefundRefused(f"Refund key {key} belongs to another order.", number=order.number)
        return existing
    if method == Method.CARD and (not order.stripe_payment_intent_id or order.amount_paid <= 0):
        raise RefundRefused(f"Order {order.number} has no card payment to refund.", number=order.number)
    left = order.amount_paid - _refunded_so_far(order)
    amount = left if amount is None else Decimal(amount)
    if amount <= 0 or left <= 0:
        raise RefundRefused(f"Order {order.number} has nothing left to refund.", number=order.number)
    if amount > left:
        raise RefundRefused(
            f"Order {order.number}: {amount} is more than the {left} {order.currency} left to refund.",
            number=order.number,
        )
    to_minor(amount, order.currency)  # an amount with too many decimals is refused before anything is written
    refund = PaymentRefund.objects.create(order=order, key=key, amount=amount, method=method)
    if refund.is_settled:
        order_refund_state(order=order)
    return refund


@transaction.atomic
def refund_write(*, order: Order, amount: Decimal | None, key: str, method: str = Method.CARD) -> PaymentRefund:
    """Write a refund in the caller's transaction, under the order's lock, so it exists exactly when the change that
    decided it does; a card refund is asked of Stripe after the commit. Never more than is left of the payment."""
    locked = order_lock(order_id=order.pk)
    refund = _reserve(locked, amount=amount, key=key, method=method)
    if not refund.is_settled:
        transaction.on_commit(partial(_send_later, refund.key))
    return refund


def _send_later(key: str) -> None:
    from payments.tasks import refund_send_task

    refund_send_task.delay(key)


def order_closed_refund(*, order: Order) -> PaymentRefund | None:
    """A cancelled or expired order gives back all the card money left on it: written now under `cancel:<number>`,
    asked of Stripe after the commit. Nothing when nothing was paid by card, or all of it went back already."""
    if order.status not in RELEASING or not order.stripe_payment_intent_id or order.amount_paid <= 0:
        return None
    existing = PaymentRefund.objects.filter(key=closing_key(order)).first()
    if existing is not None:
        return existing
    if order.amount_paid - _refunded_so_far(order) <= 0:
        return None
    return refund_write(order=order, amount=None, key=closing_key(order))


def refund_send(*, key: str) -> PaymentRefund | None:
    """Ask Stripe for a written card refund, outside any transaction. Stripe's no: the row goes (the money is no
    longer counted) and RefundRefused is raised; Stripe unreachable: the row stays for the next try."""
    refund = PaymentRefund.objects.select_related("order").filter(key=key).first()
    if refund is None or refund.is_settled:
        return refund
    order = refund.order
    try:
        answer = stripe_client().v1.refunds.create(
            params={
                "payment_intent": order.stripe_payment_intent_id,
                "amount": to_minor(refund.amount, order.currency),
                "metadata": {"order_number": order.number, "key": key},
            },
            options={"idempotency_key": f"order-{order.number}-refund-{key}"},
        )
    except (stripe.InvalidRequestError, stripe.CardError) as exc:
        message = f"Stripe refused the refund of order {order.number}: {exc.user_message or exc}"
        with transaction.atomic():
            locked = order_lock(order_id=order.pk)
            PaymentRefund.objects.filter(pk=refund.pk, stripe_refund_id="").delete()
            refund_refused.send(sender=PaymentRefund, key=key, order=locked, message=message)
        raise RefundRefused(message, number=order.number) from exc
    with transaction.atomic():
        locked = order_lock(order_id=order.pk)
        PaymentRefund.objects.filter(pk=refund.pk).update(stripe_refund_id=answer.id)
        refund.stripe_refund_id = answer.id
        order_refund_state(order=locked)
        refund_answered.send(sender=PaymentRefund, refund=refund)
    return refund


def payment_refund(*, order: Order, amount: Decimal | None = None, key: str) -> str:
    """Write a card refund and ask Stripe at once, for a caller outside any transaction (staff retrying one by
    hand); the same key again returns the same refund. Returns Stripe's refund id."""
    with transaction.atomic():
        refund = _reserve(order_lock(order_id=order.pk), amount=amount, key=key, method=Method.CARD)
    return refund_send(key=refund.key).stripe_refund_id


def refunds_send_due(*, now: datetime | None = None, older_than: timedelta = RETRY_AFTER) -> int:
    """Beat: card refunds written more than `older_than` ago that Stripe never answered are asked again, under their
    own keys. Returns how many Stripe answered now."""
    cutoff = (now or timezone.now()) - older_than
    due = PaymentRefund.objects.filter(method=Method.CARD, stripe_refund_id="", created_at__lte=cutoff)
    answered = 0
    for key in due.order_by("pk").values_list("key", flat=True)[:200]:
        try:
            refund = refund_send(key=key)
        except RefundRefused as exc:  # Stripe said no: the row is gone, staff see the amount in the history
            log.warning("Refund %s refused: %s", key, exc)
            continue
        except stripe.StripeError as exc:  # still unreachable: the next run asks again
            log.warning("Refund %s not asked yet: %s", key, exc)
            continue
        answered += bool(refund and refund.stripe_refund_id)
    return answered


def order_refund_state(*, order: Order) -> bool:
    """The one writer of how much of an order went back (a locked order): every settled refund, card or cash, so
    `amount_refunded` and the payment status only ever move up. True when they changed."""
    settled = ~Q(method=Method.CARD) | ~Q(stripe_refund_id="")
    refunded = PaymentRefund.objects.filter(settled, order=order).aggregate(total=Sum("amount"))["total"]
    refunded = min(refunded or Decimal("0.00"), order.amount_paid)
    if refunded <= 0 or refunded <= order.amount_refunded:
        return False
    order.amount_refunded = refunded
    full = refunded >= order.amount_paid
    order.payment_status = Order.PaymentStatus.REFUNDED if full else Order.PaymentStatus.PARTIALLY_REFUNDED
    order.save(update_fields=["amount_refunded", "payment_status"])
    return True


def charge_refunded_record(*, order: Order, charge_id: str, amount_refunded_minor: int) -> bool:
    """Stripe's news of what a charge has given back in all (a locked order): what exceeds every card refund we
    wrote (refunds made in Stripe's dashboard) is kept as a refund of its own, then the state is recomputed."""
    reported = from_minor(amount_refunded_minor, order.currency)
    ours = PaymentRefund.objects.filter(order=order, method=Method.CARD).aggregate(total=Sum("amount"))["total"]
    beyond = reported - (ours or Decimal("0.00"))
    if beyond > 0:
        PaymentRefund.objects.get_or_create(
            key=f"stripe:{charge_id}:{amount_refunded_minor}",
            defaults={"order": order, "amount": beyond, "method": Method.CARD, "stripe_refund_id": charge_id},
        )
    return order_refund_state(order=order)
