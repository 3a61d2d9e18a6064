"""The pickup desk pages in the clerk console: queue, steps, and the counter (code → payment → handover)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.formatting import longdate_format
from orders.models import Order
from orders.services import order_payment_succeeded
from payments.services import payment_intent_for_order
from pickup import services
from pickup.models import Pickup
from tests.factories import LocationFactory, StaffFactory, StockLevelFactory
from tests.orders.conftest import open_every_day
from tests.payments.stripe_fake import card_pay, stripe_on  # noqa: F401  (a fixture)
from tests.pickup.conftest import _sms_outbox, clerk, place, shop  # noqa: F401  (fixtures)
from transfers.services import transfer_receive, transfer_ship

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, clerk):  # noqa: F811
    client.force_login(clerk)
    return client


def test_the_queue_groups_the_stores_pickups_and_hides_other_stores(desk, shop):  # noqa: F811
    mine = place(shop)
    bergen = open_every_day(LocationFactory(code="BGO1", name="Bergen"))
    StockLevelFactory(location=bergen, variant=shop["jacket"], on_hand=2)
    theirs = place(shop, location=bergen)
    page = desk.get("/clerk/pickups/")
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.order.number in html and theirs.order.number not in html
    assert "To pick (1)" in html


def test_the_queue_runs_a_constant_number_of_queries(desk, shop):  # noqa: F811
    place(shop)
    desk.get("/clerk/pickups/")
    with CaptureQueriesContext(connection) as one:
        desk.get("/clerk/pickups/")
    for _ in range(4):
        place(shop)
    with CaptureQueriesContext(connection) as five:
        desk.get("/clerk/pickups/")
    assert len(five) == len(one)


def test_queue_buttons_start_picking_and_mark_ready(desk, shop):  # noqa: F811
    pickup = place(shop)
    number = pickup.order.number
    assert desk.post(f"/clerk/pickups/{number}/picking/").status_code == 302
    assert desk.post(f"/clerk/pickups/{number}/ready/").status_code == 302
    pickup.refresh_from_db()
    assert pickup.status == "ready"
    page = desk.post(f"/clerk/pickups/{number}/picking/", follow=True)
    assert "cannot become being picked" in page.content.decode()


def test_a_clerk_cannot_step_another_stores_pickup(desk, shop):  # noqa: F811
    bergen = open_every_day(LocationFactory(code="BGO1", name="Bergen"))
    StockLevelFactory(location=bergen, variant=shop["jacket"], on_hand=2)
    theirs = place(shop, location=bergen)
    assert desk.post(f"/clerk/pickups/{theirs.order.number}/ready/?store=BGO1").status_code == 404
    assert Pickup.objects.get(pk=theirs.pk).status == "placed"


def test_a_manager_may_switch_stores_to_look_but_works_only_their_own(client, shop):  # noqa: F811
    bergen = open_every_day(LocationFactory(code="BGO1", name="Bergen"))
    StockLevelFactory(location=bergen, variant=shop["jacket"], on_hand=2)
    theirs = place(shop, location=bergen)
    client.force_login(StaffFactory(role="store manager", location=shop["store"]))
    queue = client.get("/clerk/pickups/?store=BGO1").content.decode()
    assert theirs.order.number in queue and "Mark ready" not in queue
    assert client.post(f"/clerk/pickups/{theirs.order.number}/ready/?store=BGO1").status_code == 403
    assert Pickup.objects.get(pk=theirs.pk).status == "placed"


def test_the_counter_finds_the_code_takes_payment_and_hands_over(desk, shop, clerk):  # noqa: F811
    pickup = services.pickup_mark_ready(pickup=place(shop, quantity=2), actor=clerk)
    page = desk.get("/clerk/pickups/verify/", {"code": pickup.code.lower()})
    html = page.content.decode()
    assert page.status_code == 200 and pickup.order.number in html and "Not paid" in html
    refused = desk.post("/clerk/pickups/verify/", {"code": pickup.code})
    assert refused.status_code == 409 and "not paid yet" in refused.content.decode()
    done = desk.post("/clerk/pickups/verify/", {"code": pickup.code, "payment": "cash"})
    assert done.status_code == 302
    order = Order.objects.get(pk=pickup.order_id)
    assert order.status == "completed" and order.payment_method == "cash"


def test_the_counter_answers_429_after_too_many_wrong_codes(desk, shop, settings):  # noqa: F811
    settings.PICKUP_CODE_ATTEMPTS = 2
    assert desk.get("/clerk/pickups/verify/", {"code": "ZZZZZZ"}).status_code == 404
    assert desk.get("/clerk/pickups/verify/", {"code": "ZZZZZZ"}).status_code == 404
    assert desk.get("/clerk/pickups/verify/", {"code": "ZZZZZZ"}).status_code == 429


def test_shoppers_do_not_reach_the_desk(client, shop):  # noqa: F811
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/clerk/pickups/").status_code == 403
    assert client.get("/clerk/pickups/verify/").status_code == 403


@pytest.mark.usefixtures("stripe_on")
def test_the_clerk_is_told_what_goes_back_to_the_card_for_refused_lines(desk, shop, clerk):  # noqa: F811
    pickup = place(shop, items=[(shop["jacket"], 1), (shop["cap"], 2)], payment="card")
    started = payment_intent_for_order(order=pickup.order)
    card_pay(started["id"])
    order_payment_succeeded(order=pickup.order, payment_intent_id=started["id"], amount=pickup.order.total)
    pickup = services.pickup_mark_ready(pickup=Pickup.objects.select_related("order").get(pk=pickup.pk), actor=clerk)
    caps = pickup.order.lines.get(sku=shop["cap"].sku)

    done = desk.post("/clerk/pickups/verify/", {"code": pickup.code, "refuse": [caps.pk]}, follow=True)

    assert (
        f"{pickup.order.number} handed over to Kari Nordmann. NOK 299.00 for what they left goes back to their card."
        in (done.content.decode())
    )


def _row(html: str, number: str) -> str:
    return re.search(rf'<li[^>]*id="pickup-{number}".*?</li>', html, re.S).group(0)


def test_a_pickup_waiting_for_its_transfer_says_so_and_offers_no_step_the_desk_refuses(desk, shop):  # noqa: F811
    pickup = place(shop, quantity=8)  # the store has 5: all 8 come from the warehouse
    number, transfer = pickup.order.number, pickup.order.transfer

    row = _row(desk.get("/clerk/pickups/").content.decode(), number)

    assert f"Waiting for transfer {transfer.number}" in row
    expected = longdate_format(pickup.order.ready_at)
    assert re.search(rf"expected <time[^>]*>{re.escape(expected)}</time>", row)
    assert "Mark ready" not in row and "Start picking" not in row
    assert "Cancel" in row
    refused = desk.post(f"/clerk/pickups/{number}/ready/", follow=True).content.decode()
    assert transfer.number in refused
    assert Pickup.objects.get(pk=pickup.pk).status == "placed"


def test_once_the_transfer_has_arrived_the_queue_offers_picking_and_ready(desk, shop):  # noqa: F811
    pickup = place(shop, quantity=8)
    transfer_receive(transfer=transfer_ship(transfer=pickup.order.transfer))

    row = _row(desk.get("/clerk/pickups/").content.decode(), pickup.order.number)

    assert "Waiting for transfer" not in row
    assert "Start picking" in row and "Mark ready" in row
