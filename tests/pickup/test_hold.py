"""How long a ready pickup is held: to the store's closing time on its PICKUP_HOLD_DAYS-th opening day after it
became ready, in the store's own clock; and that moment is what the shopper is told everywhere."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils.dateformat import format as date_format
from rest_framework.test import APIClient

from inventory.models import OpeningHours
from pickup import services
from pickup.hold import pickup_hold_end
from tests.factories import CustomerFactory, LocationFactory, StockLevelFactory, UserFactory
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def _hours(store, *, weekdays=range(5), opens=time(10), closes=time(18), saturday=(time(10), time(16))):
    rows = [OpeningHours(location=store, weekday=day, opens=opens, closes=closes) for day in weekdays]
    if saturday:
        rows.append(OpeningHours(location=store, weekday=5, opens=saturday[0], closes=saturday[1]))
    OpeningHours.objects.bulk_create(rows)
    return store


@pytest.fixture
def weekday_store(db):
    """Open Monday to Friday 10–18 and Saturday 10–16; closed on Sunday."""
    return _hours(LocationFactory(code="GRL1", name="Grünerløkka", timezone="Europe/Oslo"))


def test_the_hold_ends_at_closing_time_on_the_third_opening_day_after_ready(weekday_store):
    ready = datetime(2026, 12, 1, 7, 21, tzinfo=OSLO)  # a Tuesday, before the store opens

    assert pickup_hold_end(location=weekday_store, ready_at=ready, days=3) == datetime(2026, 12, 4, 18, tzinfo=OSLO)


def test_days_the_store_is_closed_do_not_count(weekday_store):
    ready = datetime(2026, 12, 4, 19, 30, tzinfo=OSLO)  # Friday evening: Saturday, (Sunday closed), Monday, Tuesday

    assert pickup_hold_end(location=weekday_store, ready_at=ready, days=3) == datetime(2026, 12, 8, 18, tzinfo=OSLO)


def test_a_short_day_ends_the_hold_at_its_own_closing_time(weekday_store):
    ready = datetime(2026, 12, 2, 12, tzinfo=OSLO)  # Wednesday: Thursday, Friday, Saturday (closes 16:00)

    assert pickup_hold_end(location=weekday_store, ready_at=ready, days=3) == datetime(2026, 12, 5, 16, tzinfo=OSLO)


def test_the_closing_time_is_the_stores_own_clock_across_a_clock_change(weekday_store):
    ready = datetime(2026, 10, 22, 12, tzinfo=OSLO)  # Thursday; summer time ends on Sunday 25 October

    end = pickup_hold_end(location=weekday_store, ready_at=ready, days=3)

    assert end == datetime(2026, 10, 26, 18, tzinfo=OSLO)  # Monday 18:00 winter time
    assert end.utcoffset() == timedelta(hours=1)


def test_a_store_in_another_time_zone_holds_to_its_own_closing_time():
    new_york = ZoneInfo("America/New_York")
    store = _hours(LocationFactory(code="NYC1", timezone="America/New_York"), opens=time(9), closes=time(17))
    ready = datetime(2026, 12, 1, 23, 30, tzinfo=OSLO)  # Tuesday 17:30 in New York: closed for the day

    assert pickup_hold_end(location=store, ready_at=ready, days=3) == datetime(2026, 12, 4, 17, tzinfo=new_york)


def test_a_store_without_opening_hours_holds_for_whole_days():
    store = LocationFactory(code="NOH1")
    ready = datetime(2026, 12, 1, 7, 21, tzinfo=OSLO)

    assert pickup_hold_end(location=store, ready_at=ready, days=3) == ready + timedelta(days=3)


def _opening_days_between(store, start: datetime, end: datetime) -> int:
    open_days = set(store.opening_hours.values_list("weekday", flat=True))
    tz = ZoneInfo(store.timezone)
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    return sum((first + timedelta(days=n)).weekday() in open_days for n in range(1, (last - first).days + 1))


def test_marking_ready_holds_the_pickup_to_a_closing_time_the_shopper_sees_everywhere(
    shop, clerk, client, weekday_store, mailoutbox, django_capture_on_commit_callbacks, settings
):
    StockLevelFactory(location=weekday_store, variant=shop["jacket"], on_hand=2)
    user = UserFactory(email="kari@example.com")
    customer = CustomerFactory(user=user, email="kari@example.com")
    pickup = place(shop, location=weekday_store)
    type(pickup.order).objects.filter(pk=pickup.order_id).update(customer=customer)

    with django_capture_on_commit_callbacks(execute=True):
        pickup = services.pickup_mark_ready(pickup=pickup, actor=clerk)

    held = pickup.hold_until.astimezone(OSLO)
    assert held.time() == weekday_store.opening_hours.get(weekday=held.weekday()).closes
    assert _opening_days_between(weekday_store, pickup.ready_at, pickup.hold_until) == settings.PICKUP_HOLD_DAYS
    [ready] = [m for m in mailoutbox if "ready for pickup" in m.subject]
    assert f"We hold it until {held:%A %-d %B} at {held:%H:%M}." in ready.body
    app = APIClient()
    app.force_authenticate(user)
    body = app.get(f"/api/v1/me/orders/{pickup.order.number}/").json()["pickup"]
    assert datetime.fromisoformat(body["hold_until"]) == pickup.hold_until
    client.force_login(user)
    html = client.get(f"/account/orders/{pickup.order.number}/").content.decode()
    shown = f'<time datetime="{held.isoformat()}">{date_format(held, "l j F H:i")}</time>'
    assert f"We hold it until {shown}." in html
