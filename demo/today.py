"""Today's trade for `manage.py seed_demo`, so the staff console's front page has a day to show whenever it is loaded.

At each store a few click-and-collect orders from the web shop, the app and the phone are placed today by checkout's
own service; some are picked, made ready and handed over at the counter (sales and points today), one stays open.
Numbers carry the date (W-T261201-1 …), so a second run on the same day adds nothing and the next day adds its own.
"""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.models import Variant
from customers.models import Channel, Customer
from demo.customers import Person
from demo.shopping import order_place_as_shopper, sellable_at
from inventory.models import Location
from inventory.selectors import pickup_ready_at
from orders.models import Order
from pickup import services
from pickup.models import Pickup, PickupSchedule
from pickup.selectors import pickup_windows

STORES = ["OSL1", "BGO1", "TRD1"]
PREFIX = {Channel.WEB: "W", Channel.APP: "A", Channel.PHONE: "P"}
# (channel, how far the order gets today): handed over at the counter, or still waiting for its shopper.
DAY = [(Channel.WEB, "collected"), (Channel.APP, "collected"), (Channel.WEB, "collected"), (Channel.PHONE, "placed")]


@dataclass
class SeededToday:
    orders: int = 0


def today_numbers(*, day=None) -> list[str]:
    """The order numbers of one day's demo trade, in the order they are placed."""
    day = day or timezone.localdate()
    return [
        f"{PREFIX[channel]}-T{day:%y%m%d}-{store_index * len(DAY) + slot + 1}"
        for store_index in range(len(STORES))
        for slot, (channel, _) in enumerate(DAY)
    ]


@transaction.atomic
def today_seed(
    *, rng: random.Random, people: list[tuple[Person, Customer]], skus: list[str], locations: dict[str, Location]
) -> SeededToday:
    """Place today's demo orders that do not exist yet and move them on through the order and pickup services."""
    seeded = SeededToday()
    numbers = today_numbers()
    existing = set(Order.objects.filter(number__in=numbers).values_list("number", flat=True))
    if len(existing) == len(numbers):
        return seeded
    clerk = get_user_model().objects.filter(username="clerk").first()
    buyers = [customer for person, customer in people if person.email and person.index != 0]
    plan = [
        (number, STORES[index // len(DAY)], *DAY[index % len(DAY)], rng.choice(buyers), rng.sample(skus, 12))
        for index, number in enumerate(numbers)
    ]
    variants = Variant.objects.select_related("product").in_bulk({sku for p in plan for sku in p[5]}, field_name="sku")
    for number, code, channel, step, customer, pick in plan:
        if number in existing:
            continue
        store = locations[code]
        sellable = sellable_at(location_id=store.pk, variants=[variants[sku] for sku in pick], count=rng.choice((1, 2)))
        if not sellable:
            continue
        slot = _first_window(store)
        if slot is False:
            continue
        order = order_place_as_shopper(
            customer=customer,
            variants=sellable,
            number=number,
            phone=customer.phone or "",
            fulfilment="pickup",
            location=store,
            payment_method="pay_at_pickup",
            channel=channel,
            slot=slot,
        )
        if step == "collected":
            pickup = Pickup.objects.select_related("order").get(order=order)
            pickup = services.pickup_start_picking(pickup=pickup, actor=clerk)
            pickup = services.pickup_mark_ready(pickup=pickup, actor=clerk)
            services.pickup_collect(pickup=pickup, actor=clerk, payment=rng.choice(["cash", "card"]))
        seeded.orders += 1
    return seeded


def _first_window(store: Location):
    """The first pickup window for a store that offers windows (None if it takes orders without; False if full)."""
    schedule = PickupSchedule.objects.filter(location=store, is_active=True).first()
    if schedule is None:
        return None
    now = timezone.now()
    windows = pickup_windows(location=store, schedule=schedule, after=pickup_ready_at(location=store, now=now), now=now)
    return windows[0].starts_at if windows else False
