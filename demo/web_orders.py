"""Web orders placed through checkout's own service and moved on by the order services, one in each state."""

import random

from catalog.models import Variant
from customers.models import Customer
from demo.customers import Person
from demo.order_plans import Seeded
from demo.shopping import order_place_as_shopper, sellable_at
from inventory.models import Location
from orders.models import Order
from orders.services import order_payment_succeeded, order_transition

# Numbers W-950001 …, created once each.
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
        where = store.pk if fulfilment == "pickup" else locations["WH1"].pk
        sellable = sellable_at(location_id=where, variants=[variants[sku] for sku in pick], count=2)
        if not sellable:
            continue
        order = order_place_as_shopper(
            customer=customer,
            variants=sellable,
            number=number,
            fulfilment=fulfilment,
            location=store if fulfilment == "pickup" else None,
            payment_method=payment,
            address=address,
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
