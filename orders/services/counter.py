"""What happens to an order at the store counter: payment taken there, and lines the shopper refuses."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from inventory.services import stock_release
from orders.exceptions import CheckoutInvalid, OrderError
from orders.models import Order, OrderLine
from orders.services.status import PAID_STATUSES, order_event_write, order_lock

COUNTER_METHODS = (Order.PaymentMethod.CASH, Order.PaymentMethod.CARD_PRESENT)
OPEN_AT_COUNTER = (Order.Status.PLACED, Order.Status.PICKING, Order.Status.READY)


class CounterPaymentRefused(OrderError):
    code = "counter_payment_refused"


@transaction.atomic
def order_payment_at_counter(*, order: Order, method: str, actor=None) -> Order:
    """Record "pay at pickup" as paid, in cash or by card at the terminal, for the order's total; once only."""
    if method not in COUNTER_METHODS:
        raise CheckoutInvalid("Payment at the counter is cash or card_present.", field="payment")
    order = order_lock(order_id=order.pk)
    if order.payment_status in PAID_STATUSES:
        raise CounterPaymentRefused(f"Order {order.number} is already paid.", number=order.number)
    if order.payment_method != Order.PaymentMethod.PAY_AT_PICKUP:
        raise CounterPaymentRefused(f"Order {order.number} is not paid at pickup.", number=order.number)
    if order.status not in OPEN_AT_COUNTER:
        raise CounterPaymentRefused(
            f"Order {order.number} is {order.get_status_display().lower()}; nothing to pay.", number=order.number
        )
    order.payment_method, order.payment_status, order.amount_paid = method, Order.PaymentStatus.PAID, order.total
    order.save(update_fields=["payment_method", "payment_status", "amount_paid"])
    paid = {"method": method, "amount": str(order.total), "currency": order.currency}
    order_event_write(order=order, actor=actor, message="paid_at_counter", params=paid)
    return order


@transaction.atomic
def order_lines_refuse(*, order: Order, line_ids: Iterable[int], actor=None) -> Order:
    """The shopper does not take some lines: their units go back on the shelf and the total drops by their price."""
    order = order_lock(order_id=order.pk)
    if order.status not in OPEN_AT_COUNTER:
        raise CounterPaymentRefused(
            f"Order {order.number} is {order.get_status_display().lower()}; its lines cannot change.",
            number=order.number,
        )
    if order.payment_status in PAID_STATUSES and order.payment_method in COUNTER_METHODS:
        raise CounterPaymentRefused(
            f"Order {order.number} is already paid at the counter; refuse lines before taking payment.",
            number=order.number,
        )
    wanted = set(line_ids)
    lines = list(OrderLine.objects.filter(order=order).order_by("pk"))
    refused = [line for line in lines if line.pk in wanted and not line.refused]
    unknown = wanted - {line.pk for line in lines}
    if unknown:
        raise CheckoutInvalid(f"Order {order.number} has no line {sorted(unknown)[0]}.", field="lines")
    if not refused:
        return order
    if all(line.refused or line.pk in wanted for line in lines):
        raise CheckoutInvalid("Every line would be refused: cancel the order instead.", field="lines")
    stock_release(
        reference=order.number,
        variant_ids=[line.variant_id for line in refused if line.variant_id],
        reason=f"Refused at pickup of {order.number}",
        actor=actor,
    )
    for line in refused:
        line.refused = True
    OrderLine.objects.bulk_update(refused, ["refused"])
    off = sum((line.line_total for line in refused), Decimal("0.00"))
    order.subtotal -= off
    order.total -= off
    order.save(update_fields=["subtotal", "total"])
    names = ", ".join(f"{line.quantity} × {line.sku}" for line in refused)
    refused_note = {"lines": names, "amount": str(off), "currency": order.currency}
    refused_note["refund"] = order.payment_status in PAID_STATUSES
    order_event_write(order=order, actor=actor, message="refused_at_pickup", params=refused_note)
    return order
