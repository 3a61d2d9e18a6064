"""Demo pickups for `manage.py seed_demo`: at each store one in every status, placed and moved on by the services.

Numbers W-960000 … are created once each. The clerk hands over the collected ones; the expired ones run out
their hold through the expiry service. Bergen offers pickup windows (set up after its orders, which predate them).
Open pickup orders loaded in bulk by `demo.orders` get their desk record here too.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from catalog.models import Variant
from customers.models import Customer
from demo.customers import Person
from demo.shopping import order_place_as_shopper, sellable_at
from inventory.models import Location
from orders.models import Order
from pickup import services
from pickup.models import Pickup, PickupSchedule

FIRST_NUMBER = 960000
STORES = ["OSL1", "BGO1", "TRD1"]
STATUSES = ["placed", "picking", "ready", "collected", "expired", "cancelled"]
WINDOWS_AT = "BGO1"


@dataclass
class SeededPickups:
    orders: int = 0
    pickups: int = 0


@transaction.atomic
def pickups_seed(
    *, rng: random.Random, people: list[tuple[Person, Customer]], skus: list[str], locations: dict[str, Location]
) -> SeededPickups:
    seeded = SeededPickups()
    clerk = get_user_model().objects.filter(username="clerk").first()
    buyers = [customer for person, customer in people if person.email and person.index != 0]
    plan = [
        (f"W-{FIRST_NUMBER + i * 10 + j}", code, status, rng.choice(buyers), rng.sample(skus, 12))
        for i, code in enumerate(STORES)
        for j, status in enumerate(STATUSES)
    ]
    existing = set(Order.objects.filter(number__in=[p[0] for p in plan]).values_list("number", flat=True))
    todo = [p for p in plan if p[0] not in existing]
    variants = Variant.objects.select_related("product").in_bulk({sku for p in todo for sku in p[4]}, field_name="sku")
    for number, code, status, customer, pick in todo:
        store = locations[code]
        sellable = sellable_at(location_id=store.pk, variants=[variants[sku] for sku in pick], count=2)
        if not sellable:
            continue
        order = order_place_as_shopper(
            customer=customer,
            variants=sellable,
            number=number,
            phone=customer.phone or "",
            fulfilment="pickup",
            location=store,
            payment_method="pay_at_pickup",
        )
        pickup = Pickup.objects.select_related("order").get(order=order)
        if status in ("picking", "ready", "collected", "expired"):
            pickup = services.pickup_start_picking(pickup=pickup, actor=clerk)
        if status in ("ready", "collected", "expired"):
            pickup = services.pickup_mark_ready(pickup=pickup, actor=clerk)
        if status == "collected":
            pickup = services.pickup_collect(pickup=pickup, actor=clerk, payment=rng.choice(["cash", "card"]))
        elif status == "expired":
            services.pickup_expire(order_id=order.pk, now=pickup.hold_until + timedelta(minutes=1))
        elif status == "cancelled":
            services.pickup_cancel(pickup=pickup, actor=clerk, note="Demo: customer changed their mind")
        seeded.orders += 1
    for order in Order.objects.filter(
        fulfilment=Order.Fulfilment.PICKUP, location__isnull=False, pickup__isnull=True
    ).exclude(status=Order.Status.PENDING):
        services.pickup_open(order=order, book_slot=False)
        seeded.pickups += 1
    PickupSchedule.objects.get_or_create(
        location=locations[WINDOWS_AT], defaults={"window_minutes": 60, "capacity": 4, "days_ahead": 7}
    )
    return seeded
