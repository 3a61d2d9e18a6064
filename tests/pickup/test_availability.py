"""Which stores can hand a variant over (pickup.availability, the one reading every surface shows): those that can
come soonest first, the others with why not, in a number of queries that does not grow with the stores."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from inventory.services import stock_receive
from pickup.availability import variants_availability
from tests.factories import LocationFactory, VariantFactory, WarehouseFactory
from tests.inventory.factories import open_weekdays

pytestmark = pytest.mark.django_db

MONDAY_NOON = datetime(2025, 6, 2, 12, tzinfo=ZoneInfo("Europe/Oslo"))


def _pickup_stores(variant):
    return variants_availability(variant_ids=[variant.id], pickup_for=variant.id, now=MONDAY_NOON)[variant.id]


def test_stores_that_can_hand_it_over_come_soonest_first_and_the_others_say_why_not(django_assert_num_queries):
    variant = VariantFactory()
    early = open_weekdays(LocationFactory(name="Early", pickup_lead_minutes=60))
    late = open_weekdays(LocationFactory(name="Late", pickup_lead_minutes=240))
    open_weekdays(LocationFactory(name="Empty"))
    buffered = open_weekdays(LocationFactory(name="Buffered", default_online_buffer=5))
    for location in (early, late, buffered, WarehouseFactory()):
        stock_receive(location=location, variant=variant, quantity=3)

    with django_assert_num_queries(3):
        stores = _pickup_stores(variant).pickup_stores

    assert [(s.location.name, s.ready_label, s.reason) for s in stores] == [
        ("Early", "Ready today from 13:00", ""),
        ("Late", "Ready today from 16:00", ""),
        ("Buffered", "", "Held back for shoppers in the store"),
        ("Empty", "", ""),
    ]
    assert stores[0].online == 3 and stores[2].in_store == 3


def test_the_query_count_does_not_grow_with_the_stores(django_assert_num_queries):
    variant = VariantFactory()
    for _ in range(12):
        stock_receive(location=open_weekdays(LocationFactory()), variant=variant, quantity=1)

    with django_assert_num_queries(3):
        stores = _pickup_stores(variant).pickup_stores

    assert len(stores) == 12 and all(store.can_pickup for store in stores)
