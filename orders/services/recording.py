"""Writing an order from its draft, whatever its channel (web and app checkout, a till's sale, a marketplace's order,
a store's counter): the order and its lines, the stock held under its number (a transfer first when the units must
travel), its first event and the customer's timeline entry, all in the caller's transaction."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings

from catalog.models import Variant
from customers.models import Customer, TimelineEvent
from customers.services import timeline_record
from inventory.models import Location
from inventory.services import StockLine, stock_reserve
from loyalty.exceptions import LoyaltyError
from loyalty.services import reward_redeem
from orders.exceptions import CheckoutInvalid
from orders.models import Order, OrderLine
from orders.notifications import order_confirmation_send
from orders.services.status import order_event_write
from transfers.services import transfer_create


@dataclass(frozen=True)
class PricedLine:
    """One line of a new order at the price it is sold for (today's catalog price, or what the till charged)."""

    variant: Variant
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class OrderPayment:
    """How an order is paid when it is written: nothing yet (card, pay at pickup) or in full (till, marketplace)."""

    method: str = ""
    status: str = Order.PaymentStatus.UNPAID
    amount_paid: Decimal = Decimal("0.00")
    expires_at: datetime | None = None  # an unpaid card order's units are released then


@dataclass(frozen=True)
class OrderDraft:
    """Everything an order of any channel is written from, checked and priced by its channel's service."""

    number: str
    customer: Customer | None
    email: str
    channel: str
    fulfilment: str
    status: str
    location: Location | None  # the store that sold it, or the pickup store
    source: Location  # where the units are held (or sold from)
    lines: list[PricedLine]
    name: str = ""
    phone: str = ""
    address: dict = field(default_factory=dict)
    ready_at: datetime | None = None
    payment: OrderPayment = OrderPayment()
    external_id: str = ""
    shipping: Decimal = Decimal("0.00")
    discount: Decimal = Decimal("0.00")
    reward_code: str = ""


def _redeem_reward(order: Order, *, code: str, customer: Customer) -> None:
    """Use the code on this order (its row is locked after the stock, as the lock order says) and take it off."""
    try:
        discount = reward_redeem(code=code, customer=customer, order_number=order.number, order_total=order.subtotal)
    except LoyaltyError as exc:  # used up by a concurrent checkout since it was checked
        raise CheckoutInvalid(exc.message, field="reward_code")
    order.reward_code = code
    order.discount_total = discount
    order.total = order.subtotal - discount + order.shipping_total
    order.save(update_fields=["reward_code", "discount_total", "total"])


def order_record(*, draft: OrderDraft, now: datetime, actor=None) -> Order:
    """Write an order of any channel with its lines, first event and timeline entry, inside the caller's transaction.

    Its stock is held at `draft.source` (a transfer first when that is not the pickup store) unless the till sells it
    at once (a counter sale); a placed order is confirmed to its shopper unless its channel confirms its own."""
    order = _order_create(draft, now=now)
    if order.fulfilment != Order.Fulfilment.IN_STORE:
        _stock_hold(order, lines=draft.lines, actor=actor)
    if draft.reward_code:
        _redeem_reward(order, code=draft.reward_code, customer=draft.customer)
    _placed_record(order, actor=actor, now=now)
    confirms = order.channel not in Order.SELF_CONFIRMING_CHANNELS
    if confirms and order.status == Order.Status.PLACED and order.email:
        language = order.customer.language if order.customer is not None else ""
        order_confirmation_send(order_id=order.pk, language=language)
    return order


def _order_create(draft: OrderDraft, *, now: datetime) -> Order:
    """The order row and its lines, with totals from the lines (the discount never above the subtotal)."""
    subtotal = sum((line.unit_price * line.quantity for line in draft.lines), Decimal("0.00"))
    discount = min(draft.discount, subtotal)
    order = Order.objects.create(
        number=draft.number,
        customer=draft.customer,
        email=draft.email,
        name=draft.name.strip()[:200],
        phone=draft.phone.strip()[:32],
        channel=draft.channel,
        fulfilment=draft.fulfilment,
        status=draft.status,
        location=draft.location,
        stock_location=draft.source,
        shipping_address=draft.address or {},
        ready_at=draft.ready_at,
        payment_method=draft.payment.method,
        payment_status=draft.payment.status,
        amount_paid=draft.payment.amount_paid,
        expires_at=draft.payment.expires_at,
        external_id=draft.external_id,
        currency=settings.SHOP_CURRENCY,
        subtotal=subtotal,
        discount_total=discount,
        shipping_total=draft.shipping,
        total=subtotal - discount + draft.shipping,
        placed_at=now,
        completed_at=now if draft.status == Order.Status.COMPLETED else None,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant=line.variant,
            sku=line.variant.sku,
            name=str(line.variant)[:250],
            unit_price=line.unit_price,
            quantity=line.quantity,
            line_total=line.unit_price * line.quantity,
        )
        for line in draft.lines
    )
    return order


def _stock_hold(order: Order, *, lines: list[PricedLine], actor) -> None:
    """Hold the units under the order's number where they are; a transfer first when they must travel."""
    wanted: dict[int, int] = {}
    for line in lines:
        wanted[line.variant.pk] = wanted.get(line.variant.pk, 0) + line.quantity
    stock_lines = [StockLine(variant_id=vid, quantity=qty) for vid, qty in wanted.items()]
    source, location = order.stock_location, order.location
    if location is not None and source.pk != location.pk:
        order.transfer = transfer_create(
            source=source,
            destination=location,
            lines=stock_lines,
            note=f"Ship to store: order {order.number}",
            hold_reference=order.number,
        )
        order.save(update_fields=["transfer"])
    # An unpaid card order's hold ends with it: the units come back even if nothing else runs. The order was
    # written just now under its unique number, so no hold can exist under that number yet.
    stock_reserve(
        location=source,
        lines=stock_lines,
        reference=order.number,
        actor=actor,
        expires_at=order.expires_at,
        fresh_reference=True,
    )


def _placed_record(order: Order, *, actor, now: datetime) -> None:
    """The order's first event, and the customer's timeline entry."""
    in_store = order.location is not None and order.fulfilment == Order.Fulfilment.IN_STORE
    where = order.location.name if in_store else ""
    params = {"channel": order.channel, "store": where}
    order_event_write(order=order, actor=actor, from_status="", message="placed", params=params)
    if order.customer is not None:
        values = {"number": order.number, "channel": order.channel, "store": where, "total": str(order.total)}
        timeline_record(
            customer=order.customer,
            kind=TimelineEvent.Kind.ORDER_PLACED,
            message="order_placed",
            params={**values, "currency": order.currency},
            channel=order.channel,
            reference=order.number,
            occurred_at=now,
        )
