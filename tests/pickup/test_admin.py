"""The pickup list in the staff console: a clerk sees and works their own store's pickups only, and a status step
asks first."""

import pytest

from core.models import OutboxMessage
from orders.models import Order
from pickup import services
from pickup.models import Pickup
from tests.factories import LocationFactory, StaffFactory, StockLevelFactory
from tests.orders.conftest import open_every_day
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/pickup/pickup/"


@pytest.fixture
def bergen(shop):
    store = open_every_day(LocationFactory(code="BGO1", name="Bergen Bryggen"))
    StockLevelFactory(location=store, variant=shop["jacket"], on_hand=3)
    return store


@pytest.fixture
def desk(client, clerk):
    client.force_login(clerk)
    return client


def _act(client, name, pickup, **extra):
    # As from the list showing every store, where the other store's row would be.
    return client.post(
        CHANGELIST + "?location=all", {"action": name, "_selected_action": [pickup.pk], **extra}, follow=True
    )


def test_a_clerk_cannot_cancel_another_stores_pickup_from_the_admin(desk, shop, bergen):
    theirs = place(shop, location=bergen)

    _act(desk, "cancel", theirs, post="yes")

    assert Pickup.objects.get(pk=theirs.pk).status == Pickup.Status.PLACED
    assert Order.objects.get(pk=theirs.order_id).status == Order.Status.PLACED


def test_a_clerk_cannot_mark_another_stores_pickup_ready_nor_tell_its_shopper(desk, shop, bergen):
    theirs = place(shop, location=bergen)

    _act(desk, "mark_ready", theirs, post="yes")

    assert Pickup.objects.get(pk=theirs.pk).status == Pickup.Status.PLACED
    assert not OutboxMessage.objects.filter(key__startswith="pickup-ready:").exists()


def test_a_clerks_list_of_every_store_shows_only_their_stores_pickups_and_codes(desk, shop, bergen):
    mine = services.pickup_mark_ready(pickup=place(shop), actor=None)
    theirs = services.pickup_mark_ready(pickup=place(shop, location=bergen), actor=None)

    page = desk.get(CHANGELIST, {"location": "all"}).content.decode()

    assert mine.order.number in page and mine.code in page
    assert theirs.order.number not in page and theirs.code not in page


def test_a_manager_reads_every_stores_pickups_but_not_their_codes_and_works_only_their_own(client, shop, bergen):
    theirs = services.pickup_mark_ready(pickup=place(shop, location=bergen), actor=None)
    client.force_login(StaffFactory(role="store manager", location=shop["store"]))

    page = client.get(CHANGELIST, {"location": "all"}).content.decode()
    detail = client.get(f"{CHANGELIST}{theirs.pk}/change/").content.decode()
    _act(client, "cancel", theirs, post="yes")

    assert theirs.order.number in page and theirs.code not in page
    assert theirs.order.number in detail and theirs.code not in detail
    assert Pickup.objects.get(pk=theirs.pk).status == Pickup.Status.READY


def test_a_status_step_asks_first_then_moves_the_pickup_on(desk, shop):
    mine = place(shop)

    asked = _act(desk, "mark_ready", mine)
    assert asked.status_code == 200 and mine.order.number in asked.content.decode()
    assert 'name="post" value="yes"' in asked.content.decode()
    assert Pickup.objects.get(pk=mine.pk).status == Pickup.Status.PLACED

    done = _act(desk, "mark_ready", mine, post="yes")
    assert "1 pickup marked ready" in done.content.decode()
    assert Pickup.objects.get(pk=mine.pk).status == Pickup.Status.READY
