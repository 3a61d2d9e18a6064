"""One state machine for every order of every channel: the allowed steps, their stock effects and their history."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from customers.models import TimelineEvent
from customers.services import timeline_record
from inventory.services import (
    stock_fulfil,
    stock_release,
    stock_reservation_expiry_set,
)
from loyalty.services import reward_release
from orders.exceptions import IllegalTransition
from orders.models import Order, OrderEvent
from orders.notes import note_english
from orders.notifications import order_confirmation_send
from orders.services.points import order_points_earn
from orders.signals import order_status_changed
from transfers.models import Transfer
from transfers.services import transfer_cancel

S = Order.Status

# from → the statuses it may go to; anything else raises IllegalTransition.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.PLACED, S.CANCELLED, S.EXPIRED}),
    S.PLACED: frozenset({S.PICKING, S.READY, S.SHIPPED, S.CANCELLED}),
    S.PICKING: frozenset({S.READY, S.SHIPPED, S.CANCELLED}),
    S.READY: frozenset({S.COMPLETED, S.CANCELLED, S.EXPIRED}),
    S.SHIPPED: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
    S.EXPIRED: frozenset(),
}
# Only this fulfilment may take these steps.
STEP_FULFILMENT = {S.READY: Order.Fulfilment.PICKUP, S.SHIPPED: Order.Fulfilment.SHIP}
RELEASING = (S.CANCELLED, S.EXPIRED)


def order_lock(*, order_id: int) -> Order:
    """Lock an order row first, as every process that spans apps must (customers → order → stock → …)."""
    return Order.objects.select_for_update(of=("self",), no_key=True).select_related("customer").get(pk=order_id)


def _label(status: str) -> str:
    return S(status).label.lower() if status in S.values else repr(status)


def _refuse(order: Order, to: str, reason: str = "") -> IllegalTransition:
    return IllegalTransition(number=order.number, from_status=_label(order.status), to_status=_label(to), reason=reason)


def order_event_new(
    *,
    order: Order,
    note: str = "",
    message: str = "",
    params: dict | None = None,
    actor=None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> OrderEvent:
    """One line of the order's history, not yet written: from and to its present status unless told; kept with its
    actor only when that is a person (a till's device or a sweep is no one), the note cut to what the history holds.

    The shop's own note is a `message` and its `params` (orders/notes.py), read in the reader's language, its English
    kept as the note; a `note` given as text (typed by staff) is kept as typed."""
    params = params or {}
    if message:
        note = note_english(message=message, params=params)
    return OrderEvent(
        order=order,
        actor=actor if getattr(actor, "pk", None) else None,
        from_status=order.status if from_status is None else from_status,
        to_status=order.status if to_status is None else to_status,
        note=note[:300],
        message=message,
        params=params,
    )


def order_event_write(**event) -> OrderEvent:
    """`order_event_new` (same arguments), written."""
    written = order_event_new(**event)
    written.save(force_insert=True)
    return written


def _record(
    order: Order, *, from_status: str, to: str, actor, note: str = "", message: str = "", params: dict | None = None
) -> None:
    event = order_event_write(
        order=order, note=note, message=message, params=params, actor=actor, from_status=from_status, to_status=to
    )
    if order.customer_id:
        timeline_record(
            customer=order.customer,
            kind=TimelineEvent.Kind.ORDER_UPDATED,
            message="order_updated",
            params={
                "number": order.number,
                "status": to,
                "note": event.note,
                "note_message": event.message,
                "note_params": event.params,
            },
            channel=order.channel,
            reference=order.number,
        )


def order_step_refusal(*, order: Order, to: str) -> str | None:
    """Why `order` cannot move to `to` now, or None when it can: the rule the status machine enforces, which the
    desks also read to offer only the steps it would take. Reads `order.transfer` (select it with the order)."""
    if to not in S.values:
        return "There is no such status."
    if to not in ALLOWED_TRANSITIONS[order.status]:
        allowed = ", ".join(sorted(_label(s) for s in ALLOWED_TRANSITIONS[order.status])) or "nothing"
        return f"From {_label(order.status)} it can become: {allowed}."
    needed = STEP_FULFILMENT.get(to)
    if needed and order.fulfilment != needed:
        return f"Only {Order.Fulfilment(needed).label.lower()} orders can."
    if to == S.READY and order.transfer_id and order.transfer.status != Transfer.Status.RECEIVED:
        transfer = order.transfer
        return f"Its transfer {transfer.number} from {transfer.source.code} has not been received yet."
    return None


def _check(order: Order, to: str) -> None:
    reason = order_step_refusal(order=order, to=to)
    if reason is not None:
        raise _refuse(order, to, reason)


def _apply(order: Order, to: str, *, actor, now: datetime) -> list[str]:
    """The stock and payment effects of one step; returns the fields it changed."""
    changed = ["status"]
    if to in RELEASING:
        if order.transfer_id:
            transfer = Transfer.objects.get(pk=order.transfer_id)
            if transfer.status in (Transfer.Status.DRAFT, Transfer.Status.IN_TRANSIT):
                reason = f"Order {order.number} {_label(to)}"
                transfer_cancel(transfer=transfer, reason=reason, actor=actor, order_closing=True)
        stock_release(reference=order.number, reason=f"Order {order.number} {_label(to)}", actor=actor)
        if order.reward_code:
            reward_release(code=order.reward_code, order_number=order.number)
    elif to == S.SHIPPED:
        stock_fulfil(reference=order.number, actor=actor)
    elif to == S.COMPLETED:
        if order.fulfilment != Order.Fulfilment.SHIP:
            stock_fulfil(reference=order.number, actor=actor)
        order.completed_at = now
        changed.append("completed_at")
        if order.payment_method == Order.PaymentMethod.PAY_AT_PICKUP and order.payment_status == "unpaid":
            order.payment_status, order.amount_paid = Order.PaymentStatus.PAID, order.total
            changed += ["payment_status", "amount_paid"]
        order_points_earn(order=order)
    return changed


@transaction.atomic
def order_transition(
    *, order: Order, to: str, actor=None, note: str = "", message: str = "", params: dict | None = None
) -> Order:
    """Move an order one step along ALLOWED_TRANSITIONS, with its stock effects, an OrderEvent and a timeline entry."""
    order = order_lock(order_id=order.pk)
    _check(order, to)
    from_status, now = order.status, timezone.now()
    changed = _apply(order, to, actor=actor, now=now)
    order.status = to
    order.save(update_fields=changed)
    _record(order, from_status=from_status, to=to, actor=actor, note=note, message=message, params=params)
    order_status_changed.send(sender=Order, order=order, from_status=from_status, to_status=to, actor=actor)
    return order


def order_cancel(*, order: Order, actor=None, note: str = "", message: str = "", params: dict | None = None) -> Order:
    """Cancel: the held units go back on sale (and a transfer not yet received is called off)."""
    return order_transition(order=order, to=S.CANCELLED, actor=actor, note=note, message=message, params=params)


def order_complete(*, order: Order, actor=None, note: str = "", message: str = "", params: dict | None = None) -> Order:
    """Collected or delivered: the held units leave the books."""
    return order_transition(order=order, to=S.COMPLETED, actor=actor, note=note, message=message, params=params)


# ---- Payment (the card provider's webhook calls these; it never touches the fields itself). ----

PAID_STATUSES = Order.PAID_STATUSES  # defined on the model; this name is kept for the counter's import


@transaction.atomic
def order_payment_succeeded(
    *, order: Order, payment_intent_id: str, amount: Decimal, authorized_only: bool = False
) -> Order:
    """The card payment went through: a pending order is placed (and confirmed by email); a repeat changes nothing."""
    order = order_lock(order_id=order.pk)
    if order.is_paid and order.stripe_payment_intent_id == payment_intent_id:
        return order
    order.payment_status = Order.PaymentStatus.AUTHORIZED if authorized_only else Order.PaymentStatus.PAID
    order.stripe_payment_intent_id, order.amount_paid = payment_intent_id, amount
    fields = ["payment_status", "stripe_payment_intent_id", "amount_paid"]
    if order.status == S.PENDING:
        order.status, order.expires_at = S.PLACED, None
        order.save(update_fields=[*fields, "status", "expires_at"])
        stock_reservation_expiry_set(reference=order.number, expires_at=None)  # paid: held until collected
        paid = {"amount": str(amount), "currency": order.currency}
        _record(order, from_status=S.PENDING, to=S.PLACED, actor=None, message="card_paid", params=paid)
        order_status_changed.send(sender=Order, order=order, from_status=S.PENDING, to_status=S.PLACED, actor=None)
        order_confirmation_send(order_id=order.pk)
        return order
    order.save(update_fields=fields)
    late = {"amount": str(amount), "currency": order.currency, "status": order.status}
    late["refund"] = order.status in RELEASING
    _record(order, from_status=order.status, to=order.status, actor=None, message="card_paid_late", params=late)
    return order


@transaction.atomic
def order_payment_failed(*, order: Order, payment_intent_id: str, message: str) -> Order:
    """The card was declined: the order keeps waiting for payment until it expires; a later success still counts."""
    order = order_lock(order_id=order.pk)
    if order.status != S.PENDING or order.is_paid:
        return order
    order.payment_status, order.stripe_payment_intent_id = Order.PaymentStatus.FAILED, payment_intent_id
    order.save(update_fields=["payment_status", "stripe_payment_intent_id"])
    failed = {"reason": message}
    _record(order, from_status=S.PENDING, to=S.PENDING, actor=None, message="card_failed", params=failed)
    return order


@transaction.atomic
def order_note_add(*, order: Order, note: str = "", message: str = "", params: dict | None = None, actor=None) -> None:
    """Tell staff something on the order's history without changing it (e.g. a payment that did not match)."""
    order_event_write(order=order_lock(order_id=order.pk), note=note, message=message, params=params, actor=actor)


@transaction.atomic
def order_progress_note(*, order_id: int, message: str, params: dict | None = None, actor=None) -> Order:
    """A step the customer follows without a status change (the units on their way), on the order's history and the
    customer's timeline."""
    order = order_lock(order_id=order_id)
    _record(order, from_status=order.status, to=order.status, actor=actor, message=message, params=params)
    return order


def orders_expire_unpaid(*, now: datetime) -> int:
    """Expire pending card orders past their time and release their stock; safe to run twice at once."""
    expired = 0
    ids = list(Order.objects.filter(status=S.PENDING, expires_at__lt=now).order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            order = (
                Order.objects.select_for_update(of=("self",), no_key=True, skip_locked=True)
                .filter(pk=pk, status=S.PENDING, expires_at__lt=now)
                .first()
            )
            if order is None:
                continue
            order_transition(order=order, to=S.EXPIRED, message="not_paid")
            expired += 1
    return expired
