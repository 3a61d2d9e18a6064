"""Demo orders for `manage.py seed_demo`: history from every channel, a few open pickups, and the points they earned.

Each order is created once, by its number. Store sales and marketplace/social orders come in through the same
services the till and the channel API use (`pos_sale_record`, `channel_order_import`), and one return through
`return_create`; the rest of the history is written in bulk, and an open pickup holds its units with
`stock_reserve` (reference = the order number), so the ledger stays the one explanation of every figure. Points
are keyed `order:<number>`, so an order the services already credited is not credited again.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.models import Variant
from channels.services.marketplace import channel_order_import, channel_order_update
from channels.services.pos import CustomerIdentity, SaleLine, SalePayment, pos_sale_record
from core.formatting import money_format
from customers.models import Channel, Customer, TimelineEvent
from demo.customers import Kind, Person, TimelineRow, timeline_seed
from inventory.models import Location, StockLevel
from inventory.selectors import availability_by_variant
from inventory.services import StockLine, stock_reserve
from loyalty.models import PointsEntry
from orders.models import Order, OrderLine
from orders.services import cart_for_customer, cart_line_add, order_payment_succeeded, order_transition
from orders.services.points import order_points_earn
from pickup.checkout import checkout_place
from returns.models import Return
from returns.services import ReturnRequestLine, return_create

PREFIX = {
    Channel.WEB: "W",
    Channel.STORE: "S",
    Channel.APP: "A",
    Channel.PHONE: "P",
    Channel.MARKETPLACE: "M",
    Channel.SOCIAL: "SO",
}
# Demo numbers start at 900001 so they never meet the numbers real orders get.
FIRST_NUMBER = 900001
MARKETPLACES = {Channel.MARKETPLACE: "FINN", Channel.SOCIAL: "IG"}
CANDIDATES_PER_ORDER = 8


@dataclass
class OrderPlan:
    number: str
    customer_index: int
    channel: str
    fulfilment: str
    status: str
    location_code: str | None
    placed_days_ago: float
    lines: list[tuple[str, int]]  # candidate SKUs and the quantity wanted of the first `line_count`
    line_count: int
    external_id: str = ""


@dataclass
class Seeded:
    orders: int = 0
    lines: int = 0
    points_entries: int = 0


def _channels_for(kind: str, index: int, rng: random.Random) -> list[str]:
    if index == 0:  # the demo shopper: history in a store, on the web, in the app and from a marketplace
        return [Channel.STORE, Channel.STORE, Channel.WEB, Channel.WEB, Channel.MARKETPLACE, Channel.APP, Channel.WEB]
    pool = {
        Kind.IN_STORE: [Channel.STORE, Channel.STORE, Channel.STORE, Channel.PHONE, Channel.MARKETPLACE],
        Kind.ACCOUNT: [Channel.WEB, Channel.WEB, Channel.APP, Channel.SOCIAL, Channel.MARKETPLACE],
        Kind.BOTH: [Channel.STORE, Channel.WEB, Channel.APP, Channel.STORE, Channel.SOCIAL, Channel.PHONE],
    }[kind]
    return [rng.choice(pool) for _ in range(rng.randint(1, 5))]


def _shape(channel: str, rng: random.Random, *, home: str | None) -> tuple[str, str, str | None]:
    """Fulfilment, status and store of a past order of one channel."""
    store = home or rng.choice(["OSL1", "BGO1", "TRD1"])
    if channel == Channel.STORE:
        return Order.Fulfilment.IN_STORE, Order.Status.COMPLETED, store
    if channel in (Channel.WEB, Channel.APP, Channel.PHONE) and rng.random() < 0.5:
        status = Order.Status.CANCELLED if rng.random() < 0.05 else Order.Status.COMPLETED
        return Order.Fulfilment.PICKUP, status, store
    return (
        Order.Fulfilment.SHIP,
        rng.choice([Order.Status.COMPLETED, Order.Status.COMPLETED, Order.Status.SHIPPED]),
        None,
    )


def orders_plan(*, rng: random.Random, people: list[tuple[Person, Customer]], skus: list[str]) -> list[OrderPlan]:
    """Every demo order, drawn in a fixed order: past orders of each customer, then a few open pickups."""
    plans: list[OrderPlan] = []
    counters = dict.fromkeys(PREFIX, FIRST_NUMBER)

    def number(channel: str) -> str:
        counters[channel] += 1
        return f"{PREFIX[channel]}-{counters[channel] - 1}"

    for person, _customer in people:
        for channel in _channels_for(person.kind, person.index, rng):
            fulfilment, status, store = _shape(channel, rng, home=person.home_store)
            if person.index == 0 and channel == Channel.WEB and fulfilment != Order.Fulfilment.PICKUP:
                fulfilment, status, store = Order.Fulfilment.PICKUP, Order.Status.COMPLETED, "OSL1"
            plan = OrderPlan(
                number=number(channel),
                customer_index=person.index,
                channel=channel,
                fulfilment=fulfilment,
                status=status,
                location_code=store,
                placed_days_ago=rng.uniform(3, 180),
                lines=[(sku, rng.choice((1, 1, 1, 2))) for sku in rng.sample(skus, CANDIDATES_PER_ORDER)],
                line_count=rng.choice((1, 1, 2, 2, 3)),
            )
            if channel in MARKETPLACES:
                plan.external_id = f"{MARKETPLACES[channel]}-{rng.randint(10_000_000, 99_999_999)}"
            plans.append(plan)
    # Open click-and-collect orders for the pickup queues, most of them at the clerk's store.
    open_statuses = [Order.Status.PLACED, Order.Status.PICKING, Order.Status.READY]
    with_accounts = [person for person, _ in people if person.email]
    for slot in range(8):
        person = with_accounts[0] if slot == 0 else rng.choice(with_accounts)
        channel = Channel.APP if slot % 3 == 2 else Channel.WEB
        plans.append(
            OrderPlan(
                number=number(channel),
                customer_index=person.index,
                channel=channel,
                fulfilment=Order.Fulfilment.PICKUP,
                status=Order.Status.READY if slot == 0 else open_statuses[slot % 3],
                location_code="OSL1" if slot < 5 else rng.choice(["BGO1", "TRD1"]),
                placed_days_ago=rng.uniform(0.05, 2),
                lines=[(sku, 1) for sku in rng.sample(skus, CANDIDATES_PER_ORDER)],
                line_count=rng.choice((1, 2)),
            )
        )
    return plans


class StockBook:
    """What each store can still sell or promise, read once and kept current as demo orders take stock."""

    def __init__(self, location_ids: list[int]):
        self.levels = {
            (level.location_id, level.variant_id): level
            for level in StockLevel.objects.filter(location_id__in=location_ids).select_related("location")
        }

    def pick(self, *, location_id: int, variants: list[tuple[Variant, int]], count: int, online: bool) -> list:
        chosen = []
        for variant, quantity in variants:
            level = self.levels.get((location_id, variant.pk))
            available = (level.available_online if online else level.available_in_store) if level else 0
            if available >= quantity:
                chosen.append((variant, quantity))
                if online:
                    level.reserved += quantity
                else:
                    level.on_hand -= quantity
            if len(chosen) == count:
                break
        return chosen


def _order(*, plan: OrderPlan, customer: Customer, lines: list, location: Location | None, now: datetime) -> Order:
    placed_at = now - timedelta(days=plan.placed_days_ago)
    subtotal = sum((variant.price * quantity for variant, quantity in lines), Decimal("0.00"))
    done = plan.status in (Order.Status.COMPLETED, Order.Status.SHIPPED)
    return Order(
        number=plan.number,
        customer=customer,
        email=customer.email or "",
        channel=plan.channel,
        fulfilment=plan.fulfilment,
        status=plan.status,
        location=location,
        external_id=plan.external_id,
        currency=settings.SHOP_CURRENCY,
        subtotal=subtotal,
        total=subtotal,
        placed_at=placed_at,
        completed_at=placed_at + timedelta(hours=2 if plan.channel == Channel.STORE else 30) if done else None,
    )


def _points_seed(orders: list[Order]) -> tuple[int, list[TimelineRow]]:
    """Points earned on completed orders through the one earning rule (orders.services.points), dated when each
    order completed; the key `order:<number>` makes a second run, or an order the till already credited, add nothing."""
    completed = [order for order in orders if order.status == Order.Status.COMPLETED and order.customer_id]
    keys = [f"order:{order.number}" for order in completed]
    before = PointsEntry.objects.filter(key__in=keys).count()
    for order in completed:
        order_points_earn(order=order)
    earned = {entry.key: entry.points for entry in PointsEntry.objects.filter(key__in=keys)}
    events = [
        TimelineRow(
            customer_id=order.customer_id,
            kind=TimelineEvent.Kind.POINTS,
            channel=order.channel,
            summary=f"Earned {earned[f'order:{order.number}']} points on order {order.number}",
            reference=f"order:{order.number}",
            occurred_at=order.completed_at,
        )
        for order in completed
        if f"order:{order.number}" in earned
    ]
    return len(earned) - before, events


@transaction.atomic
def orders_seed(
    *, rng: random.Random, people: list[tuple[Person, Customer]], skus: list[str], locations: dict[str, Location]
) -> Seeded:
    """Create the demo orders that do not exist yet, with their stock, timeline events and points.

    Orders, lines, points and timeline rows are written in bulk; stock only moves through the inventory services.
    """
    plans = orders_plan(rng=rng, people=people, skus=skus)
    seeded = Seeded()
    existing = set(Order.objects.filter(number__in=[p.number for p in plans]).values_list("number", flat=True))
    todo = [plan for plan in plans if plan.number not in existing]
    if not todo:
        return seeded
    customers = {person.index: customer for person, customer in people}
    variants = Variant.objects.select_related("product").in_bulk(
        {sku for plan in todo for sku, _ in plan.lines}, field_name="sku"
    )
    book = StockBook([location.pk for location in locations.values()])
    now = timezone.now()
    orders, lines_of = [], {}
    through_services = 0
    for plan in sorted(todo, key=lambda p: -p.placed_days_ago):
        location = locations[plan.location_code] if plan.location_code else None
        candidates = [(variants[sku], quantity) for sku, quantity in plan.lines]
        customer = customers[plan.customer_index]
        if plan.channel in SERVICE_CHANNELS:
            done = _through_services(
                plan=plan, customer=customer, candidates=candidates, book=book, locations=locations, now=now
            )
            if done:
                through_services += 1
                seeded.lines += done
            continue
        if location is not None and plan.status in Order.OPEN_PICKUP_STATUSES:
            lines = book.pick(location_id=location.pk, variants=candidates, count=plan.line_count, online=True)
        else:
            lines = candidates[: plan.line_count]
        if lines:
            orders.append(_order(plan=plan, customer=customer, lines=lines, location=location, now=now))
            lines_of[plan.number] = lines
    Order.objects.bulk_create(orders)
    order_lines = [
        OrderLine(
            order=order,
            variant=variant,
            sku=variant.sku,
            name=str(variant),
            unit_price=variant.price,
            quantity=quantity,
            line_total=variant.price * quantity,
        )
        for order in orders
        for variant, quantity in lines_of[order.number]
    ]
    OrderLine.objects.bulk_create(order_lines)
    for order in orders:
        stock_lines = [
            StockLine(variant_id=variant.pk, quantity=quantity) for variant, quantity in lines_of[order.number]
        ]
        if order.status in Order.OPEN_PICKUP_STATUSES:
            stock_reserve(location=order.location, lines=stock_lines, reference=order.number)
    service_orders = list(Order.objects.filter(number__in=[p.number for p in todo], channel__in=SERVICE_CHANNELS))
    seeded.points_entries, events = _points_seed(orders + service_orders)
    events += [
        TimelineRow(
            customer_id=order.customer_id,
            kind=TimelineEvent.Kind.ORDER_PLACED,
            channel=order.channel,
            summary=f"Order {order.number} ({Channel(order.channel).label}): {money_format(order.total, order.currency)}",
            reference=order.number,
            occurred_at=order.placed_at,
        )
        for order in orders
    ]
    timeline_seed(events)
    seeded.orders, seeded.lines = len(orders) + through_services, seeded.lines + len(order_lines)
    web = web_orders_seed(rng=rng, people=people, skus=skus, locations=locations)
    seeded.orders += web.orders
    seeded.lines += web.lines
    return seeded


# Store sales come in through the till's service and marketplace/social orders through the channel import, just
# as they would from a real POS or marketplace; the rest of the history is written in bulk.
SERVICE_CHANNELS = (Channel.STORE, Channel.MARKETPLACE, Channel.SOCIAL)
SALE_LINE_KEYS = ("sku", "quantity", "unit_price")


def _through_services(
    *, plan: OrderPlan, customer: Customer, candidates: list, book: "StockBook", locations: dict, now: datetime
) -> int:
    """One past store sale or marketplace order through the order services; the number of lines it got."""
    placed_at = now - timedelta(days=plan.placed_days_ago)
    identity = CustomerIdentity(card=customer.card_number)
    if plan.channel == Channel.STORE:
        store = locations[plan.location_code]
        lines = book.pick(location_id=store.pk, variants=candidates, count=plan.line_count, online=False)
        if not lines:
            return 0
        total = sum((variant.price * quantity for variant, quantity in lines), Decimal("0.00"))
        method = "card" if int(plan.number.split("-")[1]) % 2 else "cash"
        pos_sale_record(
            location=store,
            idempotency_key=f"demo-{plan.number}",
            lines=[SaleLine(sku=v.sku, quantity=q, unit_price=v.price) for v, q in lines],
            payments=[SalePayment(method=method, amount=total)],
            customer=identity,
            now=placed_at,
            number=plan.number,
            notify=False,
        )
        return len(lines)
    warehouse = locations["WH1"]
    lines = book.pick(location_id=warehouse.pk, variants=candidates, count=plan.line_count, online=True)
    if not lines:
        return 0
    channel_order_import(
        channel=plan.channel,
        external_id=plan.external_id,
        customer=identity,
        name=f"{customer.first_name} {customer.last_name}".strip(),
        lines=[SaleLine(sku=v.sku, quantity=q, unit_price=v.price) for v, q in lines],
        fulfilment=Order.Fulfilment.SHIP,
        address={"name": customer.first_name or "Demo", "line1": "Storgata 1", "postal_code": "0155", "city": "Oslo"},
        now=placed_at,
        number=plan.number,
    )
    steps = [Order.Status.SHIPPED] + ([Order.Status.COMPLETED] if plan.status == Order.Status.COMPLETED else [])
    for step in steps:
        channel_order_update(channel=plan.channel, external_id=plan.external_id, status=step, note="Demo")
    return len(lines)


DEMO_RETURN_KEY = "demo-return-1"


@transaction.atomic
def returns_seed(*, people: list[tuple[Person, Customer]], locations: dict[str, Location]) -> int:
    """The demo shopper brought one item of a store purchase back at another store, for cash (once)."""
    if Return.objects.filter(key=DEMO_RETURN_KEY).exists():
        return 0
    shopper = next(customer for person, customer in people if person.index == 0)
    order = (
        Order.objects.filter(customer=shopper, channel=Channel.STORE, status=Order.Status.COMPLETED)
        .order_by("placed_at", "pk")
        .first()
    )
    if order is None:
        return 0
    line = order.lines.order_by("pk").first()
    store = locations["BGO1"] if order.location.code != "BGO1" else locations["OSL1"]
    return_create(
        order=order,
        location=store,
        lines=[ReturnRequestLine(sku=line.sku, quantity=1)],
        refund_method=Return.RefundMethod.CASH,
        reason="Wrong size",
        key=DEMO_RETURN_KEY,
    )
    return 1


# Web orders placed through checkout's own service, one in each state (numbers W-950001 …, created once each).
WEB_FIRST_NUMBER = 950001
WEB_STATES = [
    # (status, fulfilment, payment, steps after placing)
    ("pending", "pickup", "card", []),
    ("placed", "pickup", "pay_at_pickup", []),
    ("picking", "pickup", "pay_at_pickup", ["picking"]),
    ("ready", "pickup", "pay_at_pickup", ["picking", "ready"]),
    ("completed", "pickup", "pay_at_pickup", ["picking", "ready", "completed"]),
    ("shipped", "ship", "card", ["paid", "shipped"]),
    ("completed", "ship", "card", ["paid", "shipped", "completed"]),
    ("cancelled", "pickup", "pay_at_pickup", ["cancelled"]),
    ("expired", "pickup", "card", ["expired"]),
]


def web_orders_seed(
    *, rng: random.Random, people: list[tuple[Person, Customer]], skus: list[str], locations: dict[str, Location]
) -> Seeded:
    """Web orders in every state, placed and moved on by the order services exactly as a real checkout would."""
    seeded = Seeded()
    numbers = [f"W-{WEB_FIRST_NUMBER + index}" for index in range(len(WEB_STATES))]
    existing = set(Order.objects.filter(number__in=numbers).values_list("number", flat=True))
    buyers = [customer for person, customer in people if person.email and person.index != 0]
    chosen_buyers = [rng.choice(buyers) for _ in WEB_STATES]
    picks = [rng.sample(skus, 12) for _ in WEB_STATES]
    if len(existing) == len(numbers):
        return seeded
    variants = Variant.objects.select_related("product").in_bulk(
        {sku for pick in picks for sku in pick}, field_name="sku"
    )
    store = locations["OSL1"]
    address = {"name": "Demo Shopper", "line1": "Storgata 1", "postal_code": "0155", "city": "Oslo"}
    for number, (status, fulfilment, payment, steps), customer, pick in zip(
        numbers, WEB_STATES, chosen_buyers, picks, strict=True
    ):
        if number in existing:
            continue
        online = availability_by_variant(variant_ids=[variants[sku].pk for sku in pick])
        where = store.pk if fulfilment == "pickup" else locations["WH1"].pk
        sellable = [
            variants[sku]
            for sku in pick
            if any(row.location.pk == where and row.online >= 1 for row in online.get(variants[sku].pk, []))
        ][:2]
        if not sellable:
            continue
        cart = cart_for_customer(customer=customer)
        for variant in sellable:
            cart_line_add(cart=cart, variant=variant, quantity=1)
        order = checkout_place(
            cart=cart,
            email=customer.email,
            customer=customer,
            fulfilment=fulfilment,
            location=store if fulfilment == "pickup" else None,
            payment_method=payment,
            address=address,
            number=number,
        )
        for step in steps:
            if step == "paid":
                order = order_payment_succeeded(order=order, payment_intent_id=f"pi_demo_{number}", amount=order.total)
            else:
                order = order_transition(order=order, to=step, note="Demo")
        assert order.status == status
        seeded.orders += 1
        seeded.lines += len(sellable)
    return seeded
