"""Points for orders of every channel, through the loyalty services (loyalty knows customers, not orders): earn on
a completed purchase, redeem a reward code at the till, reverse pro rata on a return. The account is the last lock."""

from decimal import Decimal

from django.utils import timezone

from loyalty.exceptions import EarnNotFound
from loyalty.services import points_earn_for_purchase, points_reverse_for_return
from orders.models import Order


def earn_key(order: Order) -> str:
    return f"order:{order.number}"


def _earn_amount(order: Order) -> Decimal:
    """What a purchase earns on: after discounts, without shipping."""
    return max(order.subtotal - order.discount_total, Decimal("0"))


def order_points_earn(*, order: Order) -> int:
    """Credit the customer for a completed order of any channel, once (the order number is the key); the points."""
    if order.customer_id is None:
        return 0
    entry = points_earn_for_purchase(
        customer=order.customer,
        amount=_earn_amount(order),
        key=earn_key(order),
        channel=order.channel,
        location_code=order.location.code if order.location_id else "",
        order_number=order.number,
        occurred_at=order.completed_at or timezone.now(),
    )
    return entry.points if entry is not None else 0


def return_points_reverse(*, ret, order: Order, refund_amount: Decimal) -> int:
    """Take back the points earned on the returned value, pro rata (loyalty's policy); returns the points taken."""
    if order.customer_id is None or refund_amount <= 0:
        return 0
    original = _earn_amount(order)
    if original <= 0:
        return 0
    try:
        entry = points_reverse_for_return(
            customer=order.customer,
            original_key=earn_key(order),
            returned_amount=min(refund_amount, original),
            original_amount=original,
            key=f"return:{ret.pk}",
        )
    except EarnNotFound:  # the purchase earned nothing (no points yet, or below one point)
        return 0
    return -entry.points if entry is not None else 0
