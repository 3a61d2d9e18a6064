"""Points for orders of every channel, through the loyalty services: earn on a sale, redeem a reward code,
reverse pro rata on a return. Newer loyalty services are used when they are there; until then the ledger's
`points_record` with one key per source keeps every credit and debit single."""

from decimal import ROUND_DOWN, Decimal

from loyalty.models import PointsEntry
from loyalty.services import points_record
from orders.exceptions import CheckoutInvalid
from orders.models import Order

try:  # the purchase-based earn rules, when loyalty has them
    from loyalty.services import points_earn_for_purchase
except ImportError:  # pragma: no cover - depends on the loyalty app's version
    points_earn_for_purchase = None
try:
    from loyalty.services import reward_redeem
except ImportError:  # pragma: no cover
    reward_redeem = None
try:
    from loyalty.services import points_reverse_for_return
except ImportError:  # pragma: no cover
    points_reverse_for_return = None

# Until loyalty says otherwise: one point per 10 of the shop currency spent.
POINTS_PER_CURRENCY_UNIT = Decimal("0.1")


def earn_key(order: Order) -> str:
    return f"order:{order.number}"


def order_points_earn(*, order: Order) -> int:
    """Credit the customer for a completed order, once (the order number is the key); returns the points."""
    if order.customer_id is None or order.total <= 0:
        return 0
    if points_earn_for_purchase is not None:
        result = points_earn_for_purchase(
            customer=order.customer,
            amount=order.total,
            key=earn_key(order),
            channel=order.channel,
            location_code=order.location.code if order.location_id else "",
            order_number=order.number,
            occurred_at=order.completed_at or order.placed_at,
        )
        entry = result[0] if isinstance(result, tuple) else result
        return getattr(entry, "points", 0) or 0
    points = int((order.total * POINTS_PER_CURRENCY_UNIT).to_integral_value(rounding=ROUND_DOWN))
    if points <= 0:
        return 0
    entry, _ = points_record(
        customer=order.customer,
        kind=PointsEntry.Kind.EARN,
        points=points,
        key=earn_key(order),
        description=f"Order {order.number}",
    )
    return entry.points


def reward_discount(*, code: str, customer, order_number: str, order_total: Decimal) -> Decimal:
    """Redeem a reward code against an order; the amount it takes off. Refused clearly when codes are not on."""
    if reward_redeem is None:
        raise CheckoutInvalid("Reward codes cannot be redeemed yet; take another payment.", field="payments")
    if customer is None:
        raise CheckoutInvalid("A reward code needs the customer (email, phone or card).", field="customer")
    result = reward_redeem(code=code, customer=customer, order_number=order_number, order_total=order_total)
    amount = getattr(result, "amount", result)
    return Decimal(amount).quantize(Decimal("0.01"))


def return_points_reverse(*, ret, order: Order, refund_amount: Decimal) -> int:
    """Take back the share of the order's points that the refund is of the order's total; returns points taken."""
    if order.customer_id is None or order.total <= 0 or refund_amount <= 0:
        return 0
    if points_reverse_for_return is not None:
        result = points_reverse_for_return(
            customer=order.customer,
            order_number=order.number,
            refund_amount=refund_amount,
            order_total=order.total,
            key=f"return:{ret.pk}",
        )
        entry = result[0] if isinstance(result, tuple) else result
        return abs(getattr(entry, "points", 0) or 0)
    earned = PointsEntry.objects.filter(key=earn_key(order)).values_list("points", flat=True).first()
    if not earned:
        return 0
    reversed_before = -sum(
        PointsEntry.objects.filter(key__startswith=f"return-of:{order.number}:").values_list("points", flat=True)
    )
    share = int((Decimal(earned) * refund_amount / order.total).to_integral_value(rounding=ROUND_DOWN))
    share = min(share, earned - reversed_before)
    if share <= 0:
        return 0
    entry, _ = points_record(
        customer=order.customer,
        kind=PointsEntry.Kind.REVERSE,
        points=-share,
        key=f"return-of:{order.number}:{ret.pk}",
        description=f"Return {ret.number} of order {order.number}",
    )
    return -entry.points
