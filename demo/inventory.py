"""Demo locations and stock for `manage.py seed_demo`: three stores, a warehouse and a consistent stock ledger.

Thousands of stock levels are written in bulk here rather than one service call each: every level is created
together with the ledger rows that explain it (opening stock received, then in-store sales), so `on_hand` is the
sum of its on-hand deltas, nothing is reserved, and the reorder report has recent sales to work with.
"""

import random
from dataclasses import dataclass
from datetime import time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from catalog.models import Variant
from inventory.models import Location, OpeningHours, StockLevel, StockMovement

BATCH_SIZE = 2000
OPENING_STOCK_DAYS_AGO = 45
SALES_WINDOW_DAYS = 29
OPENING_REFERENCE = "demo:opening-stock"

STORE_HOURS = {weekday: (time(10), time(20)) for weekday in range(5)} | {5: (time(10), time(18))}
WAREHOUSE_HOURS = {weekday: (time(7), time(15)) for weekday in range(5)}

LOCATIONS = [
    {
        "code": "OSL1",
        "name": "Oslo Sentrum",
        "kind": Location.Kind.STORE,
        "address_line": "Karl Johans gate 12",
        "postal_code": "0154",
        "city": "Oslo",
        "phone": "+4722000001",
        "email": "oslo@omnistore.example",
        "is_pickup_point": True,
        "pickup_lead_minutes": 120,
        "default_online_buffer": 1,
    },
    {
        "code": "BGO1",
        "name": "Bergen Bryggen",
        "kind": Location.Kind.STORE,
        "address_line": "Bryggen 21",
        "postal_code": "5003",
        "city": "Bergen",
        "phone": "+4755000002",
        "email": "bergen@omnistore.example",
        "is_pickup_point": True,
        "pickup_lead_minutes": 120,
        "default_online_buffer": 1,
    },
    {
        "code": "TRD1",
        "name": "Trondheim Torget",
        "kind": Location.Kind.STORE,
        "address_line": "Kongens gate 8",
        "postal_code": "7011",
        "city": "Trondheim",
        "phone": "+4773000003",
        "email": "trondheim@omnistore.example",
        "is_pickup_point": True,
        "pickup_lead_minutes": 180,
        "default_online_buffer": 1,
    },
    {
        "code": "WH1",
        "name": "Central Warehouse",
        "kind": Location.Kind.WAREHOUSE,
        "address_line": "Industriveien 5",
        "postal_code": "2060",
        "city": "Gardermoen",
        "phone": "+4763000004",
        "email": "warehouse@omnistore.example",
        "is_pickup_point": False,
        "pickup_lead_minutes": 0,
        "default_online_buffer": 0,
    },
]


@dataclass
class Seeded:
    locations: int = 0
    stock_levels: int = 0
    movements: int = 0


@dataclass
class LevelPlan:
    """One stock level to create and the history that leads to its on-hand figure."""

    location_code: str
    sku: str
    received: int
    sales: list[tuple[int, int]]  # (days ago, units), oldest first
    reorder_point: int
    reorder_quantity: int

    @property
    def on_hand(self) -> int:
        return self.received - sum(units for _, units in self.sales)


@transaction.atomic
def locations_seed() -> tuple[dict[str, Location], int]:
    """Create the demo stores and warehouse with their opening hours (closed on Sundays)."""
    locations, created = {}, 0
    for spec in LOCATIONS:
        location, was_created = Location.objects.get_or_create(
            code=spec["code"], defaults={**spec, "timezone": "Europe/Oslo"}
        )
        created += was_created
        locations[location.code] = location
        hours = STORE_HOURS if location.kind == Location.Kind.STORE else WAREHOUSE_HOURS
        for weekday, (opens, closes) in hours.items():
            OpeningHours.objects.get_or_create(
                location=location, weekday=weekday, defaults={"opens": opens, "closes": closes}
            )
    return locations, created


def _sales(rng: random.Random, count: int) -> list[tuple[int, int]]:
    sales = [(rng.randint(1, SALES_WINDOW_DAYS), rng.choice((1, 1, 1, 2))) for _ in range(count)]
    return sorted(sales, key=lambda sale: -sale[0])


def _reorder_point(drawn: int, fast: bool, sold: int) -> int:
    """As a buyer sets them: a few days' cover for the fast movers, the last one for a line that sells now and
    then, none for one that hardly sells (it is not restocked until it does), so the front page's "Low stock" is
    the morning's short list rather than a third of the shop."""
    if fast:
        return drawn
    return 1 if sold >= 2 else 0


def stock_plan(*, rng: random.Random, skus: list[str]) -> list[LevelPlan]:
    """Stock for every SKU at every location, drawn in a fixed order so every machine gets the same figures."""
    fast_movers = set(rng.sample(skus, max(len(skus) // 10, 1)))
    plans = []
    for spec in LOCATIONS:
        code = spec["code"]
        for sku in skus:
            if spec["kind"] == Location.Kind.WAREHOUSE:
                plans.append(LevelPlan(code, sku, rng.randint(20, 80), [], 10, 40))
                continue
            sales = _sales(rng, rng.randint(4, 9) if sku in fast_movers else rng.randint(0, 3))
            sold = sum(units for _, units in sales)
            roll = rng.random()
            if roll < 0.08:
                left = 0  # sold out here: the storefront shows "Out of stock" at this store
            elif roll < 0.2:
                left = rng.randint(1, 2)  # below the reorder point: the reorder report suggests it
            else:
                left = rng.randint(3, 15)
            if not sales and left == 0:
                # Sold out means it was here once: give it the sale that emptied the shelf.
                sales = _sales(rng, 1)
                sold = sum(units for _, units in sales)
            point, batch = rng.randint(3, 5), rng.choice((6, 10, 12))
            plans.append(
                LevelPlan(code, sku, sold + left, sales, _reorder_point(point, sku in fast_movers, sold), batch)
            )
    return plans


@transaction.atomic
def stock_seed(*, rng: random.Random, locations: dict[str, Location], skus: list[str]) -> tuple[int, int]:
    """Create the stock levels that do not exist yet, each with its ledger; returns (levels, movements) created."""
    variant_ids = dict(Variant.objects.filter(sku__in=skus).values_list("sku", "pk"))
    plans = stock_plan(rng=rng, skus=[sku for sku in skus if sku in variant_ids])
    location_ids = {code: location.pk for code, location in locations.items()}
    existing = set(
        StockLevel.objects.filter(location_id__in=location_ids.values()).values_list("location_id", "variant_id")
    )
    todo = [plan for plan in plans if (location_ids[plan.location_code], variant_ids[plan.sku]) not in existing]
    levels = StockLevel.objects.bulk_create(
        [
            StockLevel(
                location_id=location_ids[plan.location_code],
                variant_id=variant_ids[plan.sku],
                on_hand=plan.on_hand,
                reorder_point=plan.reorder_point,
                reorder_quantity=plan.reorder_quantity,
            )
            for plan in todo
        ],
        batch_size=BATCH_SIZE,
    )
    now = timezone.now()
    movements, when = [], []
    for plan, level in zip(todo, levels, strict=True):
        for step, (days_ago, kind, delta, after, reason, reference) in enumerate(_ledger(plan)):
            movements.append(
                StockMovement(
                    stock_level=level,
                    location_id=level.location_id,
                    variant_id=level.variant_id,
                    kind=kind,
                    on_hand_delta=delta,
                    reserved_delta=0,
                    on_hand_after=after,
                    reserved_after=0,
                    reason=reason,
                    reference=reference,
                )
            )
            # Later rows of one level are later in time, so the ledger reads in order even for two sales a day.
            when.append(now - timedelta(days=days_ago, hours=1) + timedelta(minutes=step))
    StockMovement.objects.bulk_create(movements, batch_size=BATCH_SIZE)
    _backdate(movements, when)
    return len(levels), len(movements)


def _ledger(plan: LevelPlan) -> list[tuple]:
    """A level's history, oldest first: the opening receipt, then each sale, as
    (days ago, kind, on-hand change, on hand after, reason, reference)."""
    on_hand = plan.received
    rows = [
        (OPENING_STOCK_DAYS_AGO, StockMovement.Kind.RECEIVE, plan.received, on_hand, "Opening stock", OPENING_REFERENCE)
    ]
    for index, (days_ago, units) in enumerate(plan.sales, start=1):
        on_hand -= units
        reference = f"demo:sale:{plan.location_code}:{plan.sku}:{index}"
        rows.append((days_ago, StockMovement.Kind.SALE, -units, on_hand, "In-store sale", reference))
    return rows


def _backdate(movements: list[StockMovement], when: list) -> None:
    """created_at is stamped on insert; spread the history over the past weeks so sales velocity means something.

    One UPDATE from two arrays: bulk_update's CASE per row is far slower for thousands of rows.
    """
    if not movements:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {StockMovement._meta.db_table} AS m SET created_at = v.created_at "  # noqa: S608
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, created_at) WHERE m.id = v.id",
            [[movement.pk for movement in movements], when],
        )
