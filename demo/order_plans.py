"""Which demo orders there are, drawn from the seed in a fixed order, and the stock each store can still give them."""

import random
from dataclasses import dataclass

from catalog.models import Variant
from customers.models import Channel, Customer
from demo.customers import Kind, Person
from inventory.models import StockLevel
from orders.models import Order

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
