"""Returns: any sold order of any channel, taken back at any store — stock, money and points, all accounted for.

What comes back is checked against what was bought minus what came back before, under the order's row lock, so
two clerks returning the same line at once cannot refund it twice. Resellable units go back on the shelf of the
store that took them; damaged ones come back and are written off, both in the ledger. A card refund talks to the
card provider after the return is committed (never while a lock is held), with one idempotency key per return;
cash and a till's terminal are settled when the return is written.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from core.outbox import outbox_enqueue
from customers.language import customer_language
from customers.models import Channel, TimelineEvent
from customers.services import timeline_record
from inventory.models import Location
from inventory.services import StockLine, stock_adjust, stock_return
from orders.models import Order, OrderLine
from orders.services import order_note_add
from orders.services.points import return_points_reverse
from payments.exceptions import RefundRefused
from payments.models import PaymentRefund
from payments.services import payment_refund, refund_write
from returns.exceptions import ReturnRefused
from returns.models import Return, ReturnLine

log = logging.getLogger(__name__)

CENT = Decimal("0.01")
WRITE_OFF_REASON = "Damaged return written off"


@dataclass(frozen=True)
class ReturnRequestLine:
    sku: str
    quantity: int
    condition: str = ReturnLine.Condition.RESELLABLE


def _refund_check(*, order: Order, method: str) -> None:
    if method not in Return.RefundMethod.values:
        raise ReturnRefused("The refund goes to the card or in cash.", field="refund_method")
    if method == Return.RefundMethod.CARD and order.payment_method not in (
        Order.PaymentMethod.CARD,
        Order.PaymentMethod.CARD_PRESENT,
    ):
        raise ReturnRefused(f"Order {order.number} was not paid by card; refund in cash.", field="refund_method")


def _amounts(order: Order, line: OrderLine, quantity: int) -> Decimal:
    """The line's share of what was paid: its price, less its share of any order discount."""
    gross = line.unit_price * quantity
    if order.discount_total and order.subtotal:
        gross = gross * (order.subtotal - order.discount_total) / order.subtotal
    return gross.quantize(CENT, rounding=ROUND_HALF_UP)


def _returned_so_far(order: Order) -> dict[int, int]:
    rows = ReturnLine.objects.filter(order_line__order=order).values("order_line").annotate(n=Sum("quantity"))
    return {row["order_line"]: row["n"] for row in rows}


def _check_lines(order: Order, lines: Sequence[ReturnRequestLine]) -> list[tuple[OrderLine, int, str]]:
    if not lines:
        raise ReturnRefused("Choose at least one item to return.", field="lines")
    by_sku: dict[str, list[OrderLine]] = {}
    for line in order.lines.order_by("pk"):
        by_sku.setdefault(line.sku, []).append(line)
    before = _returned_so_far(order)
    asked: dict[int, int] = {}
    chosen = []
    for item in lines:
        if item.condition not in ReturnLine.Condition.values:
            raise ReturnRefused("Condition must be resellable or damaged.", field="lines.condition")
        if isinstance(item.quantity, bool) or not isinstance(item.quantity, int) or item.quantity < 1:
            raise ReturnRefused("Quantity must be a whole number greater than zero.", field="lines.quantity")
        candidates = by_sku.get(item.sku)
        if not candidates:
            raise ReturnRefused(f"{item.sku} is not on order {order.number}.", field="lines.sku", sku=item.sku)
        remaining = item.quantity
        for line in candidates:
            left = line.quantity - before.get(line.pk, 0) - asked.get(line.pk, 0)
            take = min(left, remaining)
            if take > 0:
                asked[line.pk] = asked.get(line.pk, 0) + take
                chosen.append((line, take, item.condition))
                remaining -= take
            if not remaining:
                break
        if remaining:
            bought = sum(line.quantity for line in candidates)
            back = sum(before.get(line.pk, 0) for line in candidates)
            raise ReturnRefused(
                f"{item.sku}: {bought} bought, {back} already returned; {item.quantity} cannot be returned.",
                field="lines.quantity",
                sku=item.sku,
            )
    return chosen


def return_create(
    *,
    order: Order,
    location: Location,
    lines: Sequence[ReturnRequestLine],
    refund_method: str,
    reason: str = "",
    key: str = "",
    actor=None,
    device=None,
    now: datetime | None = None,
) -> tuple[Return, bool]:
    """Take items of an order back at a store; returns (return, created). A card refund is written with the return
    and asked of the card provider after the commit; the return shows it pending until the answer comes."""
    key = (key or "").strip()[:100]
    if key:
        found = Return.objects.filter(key=key).first()
        if found is not None:
            return found, False
    if location is None or location.kind != Location.Kind.STORE or not location.is_active:
        raise ReturnRefused("Returns are taken at an active store.", field="location")
    try:
        with transaction.atomic():
            ret = _create(
                order=order,
                location=location,
                lines=lines,
                refund_method=refund_method,
                reason=(reason or "").strip()[:200],
                key=key,
                actor=actor,
                device=device,
                now=now or timezone.now(),
            )
    except IntegrityError:
        found = Return.objects.filter(key=key).first() if key else None
        if found is None:
            raise
        return found, False
    return ret, True


def _create(*, order, location, lines, refund_method, reason, key, actor, device, now) -> Return:
    order = Order.objects.select_for_update(of=("self",), no_key=True).select_related("customer").get(pk=order.pk)
    if not order.is_returnable:
        raise ReturnRefused(f"Order {order.number} is {order.get_status_display().lower()}; it has nothing to return.")
    _refund_check(order=order, method=refund_method)
    chosen = _check_lines(order, lines)
    amount = sum((_amounts(order, line, qty) for line, qty, _ in chosen), Decimal("0.00"))
    amount = min(amount, order.amount_paid or order.total)
    status = _refund_status(order=order, amount=amount, method=refund_method)
    ret = Return.objects.create(
        order=order,
        location=location,
        key=key,
        reason=reason,
        refund_method=refund_method,
        refund_amount=amount,
        refund_status=status,
        actor=actor if getattr(actor, "pk", None) else None,
        device=device,
        created_at=now,
    )
    ReturnLine.objects.bulk_create(
        [
            ReturnLine(ret=ret, order_line=line, quantity=qty, condition=condition, amount=_amounts(order, line, qty))
            for line, qty, condition in chosen
        ]
    )
    _stock_back(ret=ret, chosen=chosen, actor=actor)
    ret.points_reversed = return_points_reverse(ret=ret, order=order, refund_amount=amount)
    ret.save(update_fields=["points_reversed"])
    _refund_write(ret=ret, order=order)
    _told(ret=ret, order=order, now=now)
    return ret


def _refund_status(*, order: Order, amount: Decimal, method: str) -> str:
    """Where the money stands when the return is written: nothing to give, cash paid out, the till's own terminal
    (it pays back as it took), or a card refund still to be asked of Stripe (online, or the store's Stripe reader)."""
    if amount == 0:
        return Return.RefundStatus.NONE
    if method == Return.RefundMethod.CASH:
        return Return.RefundStatus.PAID_CASH
    if order.payment_method == Order.PaymentMethod.CARD_PRESENT and not order.stripe_payment_intent_id:
        return Return.RefundStatus.REFUNDED
    return Return.RefundStatus.PENDING


def _told(*, ret: Return, order: Order, now: datetime) -> None:
    """The return on the order's history and the customer's timeline, and its receipt to the customer."""
    location, amount = ret.location, ret.refund_amount
    returned = {"return": ret.number, "number": order.number, "store": location.name, "method": ret.refund_method}
    returned.update(amount=str(amount), currency=order.currency)
    order_note_add(order=order, message="returned", params=returned, actor=ret.actor)
    if order.customer_id:
        timeline_record(
            customer=order.customer,
            kind=TimelineEvent.Kind.RETURN,
            message="return",
            params={
                "return": ret.number,
                "number": order.number,
                "store": location.name,
                "amount": str(amount),
                "currency": order.currency,
            },
            channel=Channel.STORE,
            reference=order.number,
            occurred_at=now,
        )
    if order.email or (order.customer_id and order.customer.email):
        outbox_enqueue(
            key=f"return-receipt:{ret.pk}",
            builder="returns.emails.return_receipt_email",
            context={"return_id": ret.pk},
            language=customer_language(order.customer),
        )


def _stock_back(*, ret: Return, chosen, actor) -> None:
    """Every unit comes back onto this store's books; damaged ones are then written off, each with a ledger row."""
    lines = [StockLine(variant_id=line.variant_id, quantity=qty) for line, qty, _ in chosen if line.variant_id]
    if not lines:
        return
    stock_return(location=ret.location, lines=lines, reference=ret.number, reason=f"Return of {ret.order.number}")
    damaged: dict[int, tuple[OrderLine, int]] = {}
    for line, qty, condition in chosen:
        if condition == ReturnLine.Condition.DAMAGED and line.variant_id:
            _, before = damaged.get(line.variant_id, (line, 0))
            damaged[line.variant_id] = (line, before + qty)
    for line, qty in damaged.values():
        stock_adjust(
            location=ret.location,
            variant=line.variant,
            delta=-qty,
            reason=WRITE_OFF_REASON,
            reference=f"{ret.number}:{line.sku}",
            actor=actor,
        )


def _refund_write(*, ret: Return, order: Order) -> None:
    """The money back, written with the return under its key: cash and a till's terminal are settled now; an
    online card payment is asked of Stripe after the commit, and the return follows its answer (returns.receivers)."""
    if ret.refund_status == Return.RefundStatus.NONE:
        return
    if ret.refund_status == Return.RefundStatus.PAID_CASH:
        method = PaymentRefund.Method.CASH
    elif ret.refund_status == Return.RefundStatus.REFUNDED:
        method = PaymentRefund.Method.TERMINAL
    else:
        method = PaymentRefund.Method.CARD
    refund_write(order=order, amount=ret.refund_amount, key=refund_key(ret), method=method)


def refund_key(ret: Return) -> str:
    return f"return:{ret.pk}"


def return_refund(*, ret: Return) -> Return:
    """Ask again for a card refund that failed (staff, from the admin), outside any transaction: the refund is
    written anew under the return's key and asked of Stripe now; the outcome is kept on the return."""
    if ret.refund_status not in (Return.RefundStatus.PENDING, Return.RefundStatus.FAILED):
        return ret
    try:
        payment_refund(order=ret.order, amount=ret.refund_amount, key=refund_key(ret))
    except RefundRefused as exc:
        Return.objects.filter(pk=ret.pk).update(
            refund_status=Return.RefundStatus.FAILED, refund_error=exc.message[:300]
        )
    except stripe.StripeError as exc:  # unreachable: the refund stays written, and beat asks again
        log.warning("Refund of return %s not asked yet: %s", ret.pk, exc)
    ret.refresh_from_db()
    return ret
