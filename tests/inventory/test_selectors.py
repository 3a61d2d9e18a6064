"""Reads of stock: pickup times, availability, the ledger, query counts."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from inventory.models import StockLevel
from inventory.selectors import (
    availability_by_variant,
    ledger_check,
    pickup_label,
    pickup_ready_at,
    stock_levels_out_of_balance,
)
from inventory.services import (
    stock_receive,
)
from tests.factories import LocationFactory, VariantFactory
from tests.inventory.factories import OpeningHoursFactory, open_weekdays

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = datetime(2025, 6, 2, tzinfo=OSLO)  # a Monday


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY + timedelta(days=day_offset, hours=hour, minutes=minute)


@pytest.fixture
def pickup_store(db):
    return open_weekdays(LocationFactory(pickup_lead_minutes=120))


# ---- when can it be picked up ----


def test_ready_after_the_lead_time_inside_opening_hours(pickup_store):
    ready = pickup_ready_at(location=pickup_store, now=at(0, 13))
    assert ready == at(0, 15)
    assert pickup_label(ready, at(0, 13)) == "Ready today from 15:00"


def test_ready_time_is_rounded_up_to_the_quarter_hour(pickup_store):
    assert pickup_ready_at(location=pickup_store, now=at(0, 13, 7)) == at(0, 15, 15)


def test_order_late_in_the_day_is_ready_when_the_store_opens_tomorrow(pickup_store):
    ready = pickup_ready_at(location=pickup_store, now=at(0, 19))
    assert ready == at(1, 10)
    assert pickup_label(ready, at(0, 19)) == "Ready tomorrow from 10:00"


def test_order_before_opening_is_ready_at_opening(pickup_store):
    assert pickup_ready_at(location=pickup_store, now=at(0, 6)) == at(0, 10)


def test_closed_sunday_pushes_to_monday_with_the_weekday_name(pickup_store):
    saturday_evening = at(5, 17)
    ready = pickup_ready_at(location=pickup_store, now=saturday_evening)
    assert ready == at(7, 10)
    assert pickup_label(ready, saturday_evening) == "Ready Monday from 10:00"


def test_ready_time_is_in_the_store_time_zone():
    helsinki = LocationFactory(timezone="Europe/Helsinki", pickup_lead_minutes=60)
    OpeningHoursFactory(location=helsinki, weekday=0, opens=time(10), closes=time(20))
    # 08:30 in Oslo is 09:30 in Helsinki; + 60 minutes = 10:30 there.
    ready = pickup_ready_at(location=helsinki, now=at(0, 8, 30))
    assert ready.utcoffset() == timedelta(hours=3)
    assert (ready.hour, ready.minute) == (10, 30)
    assert pickup_label(ready, at(0, 8, 30)) == "Ready today from 10:30"


def test_no_ready_time_without_pickup_or_hours(pickup_store):
    assert pickup_ready_at(location=LocationFactory(), now=at(0, 12)) is None  # no opening hours
    pickup_store.is_pickup_point = False
    assert pickup_ready_at(location=pickup_store, now=at(0, 12)) is None
    assert pickup_label(None, at(0, 12)) == "Not available for pickup"


@pytest.mark.parametrize("stores", [2, 12])
def test_availability_for_a_product_page_is_one_query_whatever_the_locations(stores, django_assert_num_queries):
    variants = [VariantFactory() for _ in range(3)]
    for _ in range(stores):
        location = LocationFactory()
        for variant in variants:
            stock_receive(location=location, variant=variant, quantity=2)
    with django_assert_num_queries(1):
        result = availability_by_variant(variant_ids=[v.id for v in variants])
    assert all(len(result[v.id]) == stores for v in variants)


# ---- ledger ----


def test_ledger_check_spots_a_number_changed_behind_the_ledger(store, variant):
    stock_receive(location=store, variant=variant, quantity=5)
    level = StockLevel.objects.get()
    assert ledger_check(level).ok

    StockLevel.objects.filter(pk=level.pk).update(on_hand=7)

    check = ledger_check(level)
    assert not check.ok
    assert "on hand 7 ≠ sum of on-hand movements 5" in check.problems
    assert list(stock_levels_out_of_balance()) == [level]
