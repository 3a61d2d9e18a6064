"""Writing an order from its draft, whatever its channel (web and app checkout, a till's sale, a marketplace's order,
a store's counter): the order and its lines, the stock held under its number (a transfer first when the units must
travel), its first event and the customer's timeline entry, all in the caller's transaction."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models.expressions import DatabaseDefault

from catalog.models import Variant
from customers.models import Customer, TimelineEvent
from customers.services import timeline_record
from inventory.models import Location
from inventory.services import StockLine, stock_reserve
from loyalty.exceptions import LoyaltyError
from loyalty.services import reward_redeem
from orders.exceptions import CheckoutInvalid
from orders.models import Order, OrderEvent, OrderLine
from orders.notifications import order_confirmation_send
from orders.services.status import order_event_new
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
    order = _order_create(draft, now=now, actor=actor)
    if order.fulfilment != Order.Fulfilment.IN_STORE:
        _stock_hold(order, lines=draft.lines, actor=actor)
    if draft.reward_code:
        _redeem_reward(order, code=draft.reward_code, customer=draft.customer)
    _placed_record(order, now=now)
    confirms = order.channel not in Order.SELF_CONFIRMING_CHANNELS
    if confirms and order.status == Order.Status.PLACED and order.email:
        language = order.customer.language if order.customer is not None else ""
        order_confirmation_send(order_id=order.pk, language=language)
    return order


# The columns a new order, line and event are written with (a line's and an event's order comes from the order's).
ORDER_FIELDS, LINE_FIELDS, EVENT_FIELDS = (
    [f for f in model._meta.concrete_fields if not f.primary_key and f.name != "order"]
    for model in (Order, OrderLine, OrderEvent)
)


@cache
def _order_insert() -> str:
    """A new order, its lines (as arrays, in their order) and its first event: one statement, written once."""
    columns = lambda fields: ", ".join(f.column for f in fields)  # noqa: E731
    arrays = ", ".join(f"%s::{re.sub(r'[(].*', '', f.db_type(connection))}[]" for f in LINE_FIELDS)
    return (
        f"WITH o AS (INSERT INTO orders_order ({columns(ORDER_FIELDS)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(ORDER_FIELDS))}) RETURNING id), "
        f"l AS (INSERT INTO orders_orderline (order_id, {columns(LINE_FIELDS)}) SELECT o.id, {columns(LINE_FIELDS)} "
        f"FROM o, unnest({arrays}) WITH ORDINALITY AS x({columns(LINE_FIELDS)}, n) ORDER BY x.n), "
        f"e AS (INSERT INTO orders_orderevent (order_id, {columns(EVENT_FIELDS)}) "
        f"SELECT o.id, {', '.join(['%s'] * len(EVENT_FIELDS))} FROM o) SELECT id FROM o"
    )


def _values(instance, fields, db) -> list:
    """A new row's values as the ORM's INSERT sends them (defaults and `auto_now_add` filled in, JSON adapted)."""
    values = [f.get_db_prep_save(f.pre_save(instance, True), db) for f in fields]
    if any(isinstance(value, DatabaseDefault) for value in values):
        raise ValueError(f"A new {instance._meta.model_name} is written with every value given.")
    return values


def _order_create(draft: OrderDraft, *, now: datetime, actor) -> Order:
    """The order, its lines and its first event; totals from the lines, the discount never above the subtotal."""
    subtotal = sum((line.unit_price * line.quantity for line in draft.lines), Decimal("0.00"))
    discount = min(draft.discount, subtotal)
    order = Order(
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
        stripe_payment_intent_id="",
        amount_paid=draft.payment.amount_paid,
        reward_code="",
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
    lines = [
        OrderLine(
            variant=line.variant,
            sku=line.variant.sku,
            name=str(line.variant)[:250],
            unit_price=line.unit_price,
            quantity=line.quantity,
            line_total=line.unit_price * line.quantity,
        )
        for line in draft.lines
    ]
    in_store = draft.location is not None and draft.fulfilment == Order.Fulfilment.IN_STORE
    params = {"channel": draft.channel, "store": draft.location.name if in_store else ""}
    event = order_event_new(order=order, actor=actor, from_status="", message="placed", params=params)
    db = transaction.get_connection()  # the connection itself: its proxy costs a lookup per field and value
    columns = list(zip(*(_values(line, LINE_FIELDS, db) for line in lines), strict=True)) or [()] * len(LINE_FIELDS)
    with db.cursor() as cursor:
        cursor.execute(
            _order_insert(), [*_values(order, ORDER_FIELDS, db), *map(list, columns), *_values(event, EVENT_FIELDS, db)]
        )
        order.pk = cursor.fetchone()[0]
    order._state.adding, order._state.db = False, db.alias
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


def _placed_record(order: Order, *, now: datetime) -> None:
    """The customer's timeline entry of a new order (its first event is written with it)."""
    if order.customer is not None:
        where = (
            order.location.name if order.location is not None and order.fulfilment == Order.Fulfilment.IN_STORE else ""
        )
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
