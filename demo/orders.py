"""Demo orders for `manage.py seed_demo`: history from every channel, a few open pickups, and the points they earned.

Each order is created once, by its number. Store sales and marketplace/social orders come in through the same
services the till and the channel API use (`pos_sale_record`, `channel_order_import`), and one return through
`return_create`; the rest of the history is written in bulk, and an open pickup holds its units with
`stock_reserve` (reference = the order number), so the ledger stays the one explanation of every figure. Points
are keyed `order:<number>`, so an order the services already credited is not credited again.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.models import Variant
from customers.models import Channel, Customer, TimelineEvent
from demo.customers import Person, TimelineRow, timeline_seed
from demo.order_plans import OrderPlan, Seeded, StockBook, orders_plan
from demo.sales import SERVICE_CHANNELS, past_order_seed
from demo.web_orders import web_orders_seed
from inventory.models import Location
from inventory.services import StockLine, stock_reserve
from loyalty.models import PointsEntry
from orders.models import Order, OrderLine
from orders.services.points import order_points_earn
from returns.models import Return
from returns.services import ReturnRequestLine, return_create


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
    orders, lines_of = _history(todo=todo, people=people, locations=locations, seeded=seeded)
    seeded.orders += len(orders)
    seeded.lines += _history_write(orders=orders, lines_of=lines_of)
    service_orders = list(Order.objects.filter(number__in=[p.number for p in todo], channel__in=SERVICE_CHANNELS))
    seeded.points_entries, events = _points_seed(orders + service_orders)
    timeline_seed(events + _placed_events(orders))
    web = web_orders_seed(rng=rng, people=people, skus=skus, locations=locations)
    seeded.orders += web.orders
    seeded.lines += web.lines
    return seeded


def _history(
    *, todo: list[OrderPlan], people: list[tuple[Person, Customer]], locations: dict[str, Location], seeded: Seeded
) -> tuple[list[Order], dict[str, list]]:
    """Oldest first: store sales and marketplace orders through their services (counted in `seeded`), the rest as
    unsaved orders and, by order number, the (variant, quantity) lines each got."""
    customers = {person.index: customer for person, customer in people}
    variants = Variant.objects.select_related("product").in_bulk(
        {sku for plan in todo for sku, _ in plan.lines}, field_name="sku"
    )
    book = StockBook([location.pk for location in locations.values()])
    now = timezone.now()
    orders, lines_of = [], {}
    for plan in sorted(todo, key=lambda p: -p.placed_days_ago):
        location = locations[plan.location_code] if plan.location_code else None
        candidates = [(variants[sku], quantity) for sku, quantity in plan.lines]
        customer = customers[plan.customer_index]
        if plan.channel in SERVICE_CHANNELS:
            done = past_order_seed(
                plan=plan, customer=customer, candidates=candidates, book=book, locations=locations, now=now
            )
            if done:
                seeded.orders += 1
                seeded.lines += done
            continue
        if location is not None and plan.status in Order.OPEN_PICKUP_STATUSES:
            lines = book.pick(location_id=location.pk, variants=candidates, count=plan.line_count, online=True)
        else:
            lines = candidates[: plan.line_count]
        if lines:
            orders.append(_order(plan=plan, customer=customer, lines=lines, location=location, now=now))
            lines_of[plan.number] = lines
    return orders, lines_of


def _history_write(*, orders: list[Order], lines_of: dict[str, list]) -> int:
    """Write the orders and their lines in bulk, and hold the units of the open pickups; the number of lines."""
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
    return len(order_lines)


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
            summary="",
            message="points_earned",
            params={"points": earned[f"order:{order.number}"], "number": order.number},
            reference=f"order:{order.number}",
            occurred_at=order.completed_at,
        )
        for order in completed
        if f"order:{order.number}" in earned
    ]
    return len(earned) - before, events


def _placed_events(orders: list[Order]) -> list[TimelineRow]:
    """One "order placed" line on each customer's timeline, dated when the order was placed."""
    return [
        TimelineRow(
            customer_id=order.customer_id,
            kind=TimelineEvent.Kind.ORDER_PLACED,
            channel=order.channel,
            summary="",
            message="order_placed",
            params={
                "number": order.number,
                "channel": order.channel,
                "total": str(order.total),
                "currency": order.currency,
            },
            reference=order.number,
            occurred_at=order.placed_at,
        )
        for order in orders
    ]


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
