"""Past store sales and marketplace or social orders, through the till's and the channel API's own services."""

from datetime import datetime, timedelta
from decimal import Decimal

from channels.services.marketplace import channel_order_import, channel_order_update
from channels.services.pos import CustomerIdentity, SaleLine, SalePayment, pos_sale_record
from customers.models import Channel, Customer
from demo.order_plans import OrderPlan, StockBook
from orders.models import Order

# Store sales come in through the till's service and marketplace/social orders through the channel import, just
# as they would from a real POS or marketplace; the rest of the history is written in bulk.
SERVICE_CHANNELS = (Channel.STORE, Channel.MARKETPLACE, Channel.SOCIAL)


def past_order_seed(
    *, plan: OrderPlan, customer: Customer, candidates: list, book: StockBook, locations: dict, now: datetime
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
