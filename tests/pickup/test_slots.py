"""Pickup windows: offered inside opening hours after the cart's ready time, only with room; a full one refused."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from inventory.selectors import pickup_ready_at
from orders.models import Order
from pickup.exceptions import SlotFull, SlotInvalid
from pickup.models import Pickup, PickupSchedule, PickupSlot
from pickup.selectors import pickup_windows, windows_by_location
from tests.customers.factories import shopper
from tests.factories import api_token_key
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def windows(shop):
    schedule = PickupSchedule.objects.create(location=shop["store"], window_minutes=60, capacity=1)
    ready = pickup_ready_at(location=shop["store"], now=timezone.now())
    return schedule, ready, pickup_windows(location=shop["store"], schedule=schedule, after=ready)


def test_windows_start_after_the_ready_time_and_fit_opening_hours(shop, windows):
    schedule, ready, offered = windows
    assert offered and all(w.starts_at >= ready for w in offered)
    assert all(w.ends_at - w.starts_at == timedelta(hours=1) for w in offered)
    assert all(
        w.ends_at.astimezone(w.starts_at.tzinfo).time() <= shop["store"].opening_hours.first().closes for w in offered
    )


def test_a_booking_takes_the_place_and_a_full_window_is_no_longer_offered(shop, windows):
    schedule, ready, offered = windows
    pickup = place(shop, slot=offered[0].starts_at)
    assert pickup.slot.booked == 1 and pickup.ready_by == offered[0].starts_at
    now_offered = windows_by_location(ready={shop["store"].pk: ready})[shop["store"].pk]
    assert offered[0].starts_at not in [w.starts_at for w in now_offered]
    assert now_offered[0].starts_at == offered[1].starts_at


def test_a_full_window_cannot_be_booked_by_a_crafted_request(shop, windows):
    _, _, offered = windows
    place(shop, slot=offered[0].starts_at)
    with pytest.raises(SlotFull):
        place(shop, slot=offered[0].starts_at)
    assert Order.objects.count() == 1


def test_the_app_checkout_refuses_full_unknown_and_missing_windows(shop, windows):
    _, _, offered = windows
    user, _customer = shopper("kari@example.com")
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    payload = {"fulfilment": "pickup", "location": "OSL1", "payment": "pay_at_pickup"}

    def checkout(**extra):
        app.post("/api/v1/me/cart/", {"sku": shop["cap"].sku, "quantity": 1}, format="json")
        return app.post("/api/v1/me/checkout/", {**payload, **extra}, format="json")

    missing = checkout()
    assert missing.status_code == 400 and missing.json()["field"] == "slot"
    odd = checkout(slot=(offered[0].starts_at + timedelta(minutes=7)).isoformat())
    assert odd.status_code == 400 and "not on offer" in odd.json()["message"]
    booked = checkout(slot=offered[0].starts_at.isoformat())
    assert booked.status_code == 201
    full = checkout(slot=offered[0].starts_at.isoformat())
    assert full.status_code == 409 and full.json()["error"] == "slot_full"
    assert PickupSlot.objects.get().booked == 1


def test_cancelling_frees_the_place(shop, windows):
    from pickup import services

    _, _, offered = windows
    pickup = place(shop, slot=offered[0].starts_at)
    services.pickup_cancel(pickup=pickup)
    assert PickupSlot.objects.get().booked == 0
    assert place(shop, slot=offered[0].starts_at).slot_id == pickup.slot_id


def test_a_store_without_windows_refuses_a_slot(shop):
    with pytest.raises(SlotInvalid, match="does not offer pickup windows"):
        place(shop, slot=timezone.now() + timedelta(days=1))
    assert not Pickup.objects.exists()


def test_the_checkout_page_offers_windows_with_room(client, shop, windows):
    _, _, offered = windows
    place(shop, slot=offered[0].starts_at)
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    assert offered[1].value in html and offered[0].value not in html


def test_the_store_s_active_schedule_is_read_as_the_orm_reads_it(shop):
    from pickup.services import _active_schedule

    schedule = PickupSchedule.objects.create(location=shop["store"], window_minutes=45, capacity=3)
    read = _active_schedule(shop["store"])
    assert read is not None and read.pk == schedule.pk and not read._state.adding
    for field in PickupSchedule._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(schedule, field.attname), field.name
    PickupSchedule.objects.filter(pk=schedule.pk).update(is_active=False)
    assert _active_schedule(shop["store"]) is None
