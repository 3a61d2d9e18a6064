"""The staff console's front page: today at the manager's store and everywhere, each figure a link to its list."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.dashboard import returns_today, today_bounds
from inventory.services import StockLine, stock_sell
from loyalty.models import PointsEntry
from orders.models import Order
from pickup.models import Pickup
from returns.services import ReturnRequestLine, return_create
from tests.factories import (
    LocationFactory,
    OrderFactory,
    PointsEntryFactory,
    StaffFactory,
    StockLevelFactory,
    VariantFactory,
)
from tests.orders.conftest import online_order
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def bergen(shop):
    return LocationFactory(code="BGO1", name="Bergen Bryggen")


@pytest.fixture
def manager(shop):
    return StaffFactory(username="mona", role="store manager", location=shop["store"])


def _level(location, *, left: int, reorder_point: int, sold: int):
    """A stock level with `left` on the shelf after selling `sold` in store today."""
    level = StockLevelFactory(
        location=location, variant=VariantFactory(price="100.00"), on_hand=left + sold, reorder_point=reorder_point
    )
    if sold:
        stock_sell(location=location, lines=[StockLine(level.variant_id, sold)], reference=f"till-{level.pk}")
    return level


def _board(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response, response.context["dashboard"]


def _sales(board) -> dict[str, tuple]:
    return {
        row.label: (row.store.value, row.store.count, row.everywhere.value, row.everywhere.count) for row in board.sales
    }


def test_todays_sales_by_channel_at_the_managers_store_and_everywhere(client, shop, bergen, manager):
    store = shop["store"]
    OrderFactory(channel="store", location=store, total=Decimal("200.00"))
    OrderFactory(channel="web", fulfilment="pickup", status="ready", location=store, total=Decimal("100.00"))
    OrderFactory(channel="app", fulfilment="pickup", status="placed", location=bergen, total=Decimal("50.00"))
    OrderFactory(channel="web", fulfilment="ship", status="shipped", location=None, total=Decimal("70.00"))
    # Not today's sales: yesterday's, a cancelled one and one still awaiting payment.
    OrderFactory(channel="store", location=store, total=Decimal("999.00"), placed_at=timezone.now() - timedelta(days=1))
    OrderFactory(channel="store", location=store, status="cancelled", total=Decimal("999.00"))
    OrderFactory(channel="web", fulfilment="pickup", status="pending", location=store, total=Decimal("999.00"))

    response, board = _board(client, manager)

    assert board.store == store
    sales = _sales(board)
    assert sales["Store"] == (Decimal("200.00"), 1, Decimal("200.00"), 1)
    assert sales["Web shop"] == (Decimal("100.00"), 1, Decimal("170.00"), 2)
    assert sales["App"] == (Decimal("0"), 0, Decimal("50.00"), 1)
    assert board.sales_total.store.value == Decimal("300.00")
    assert board.sales_total.everywhere.value == Decimal("420.00")
    html = response.content.decode()
    assert '<svg class="sales-chart" role="img" aria-labelledby="sales-chart-title sales-chart-desc"' in html
    assert '<title id="sales-chart-title">Today\'s sales by channel: Oslo Sentrum and all stores</title>' in html
    assert "NOK 170.00" in html and "NOK 420.00" in html


def test_each_sales_figure_links_to_the_orders_behind_it(client, shop, bergen, manager):
    store = shop["store"]
    mine = OrderFactory(channel="web", fulfilment="pickup", status="ready", location=store, total=Decimal("100.00"))
    theirs = OrderFactory(channel="web", fulfilment="pickup", status="placed", location=bergen, total=Decimal("5.00"))
    OrderFactory(channel="web", location=store, status="cancelled", total=Decimal("9.00"))
    _, board = _board(client, manager)
    web = next(row for row in board.sales if row.label == "Web shop")

    at_store = client.get(web.store.url)
    everywhere = client.get(web.everywhere.url)

    assert {o.number for o in at_store.context["cl"].result_list} == {mine.number}
    assert {o.number for o in everywhere.context["cl"].result_list} == {mine.number, theirs.number}


def test_open_and_overdue_pickups_low_stock_and_points_link_to_lists_that_count_the_same(client, shop, bergen, manager):
    store, now = shop["store"], timezone.now()
    late = place(shop)
    Pickup.objects.filter(pk=late.pk).update(ready_by=now - timedelta(hours=1))
    place(shop)
    Pickup.objects.filter(pk=place(shop).pk).update(location=bergen)
    _level(store, left=1, reorder_point=3, sold=1)
    _level(bergen, left=2, reorder_point=2, sold=1)
    _level(bergen, left=9, reorder_point=2, sold=3)  # above its reorder point
    _level(bergen, left=0, reorder_point=2, sold=0)  # not selling: it can wait
    PointsEntryFactory(kind=PointsEntry.Kind.EARN, points=40, location_code="OSL1")
    PointsEntryFactory(kind=PointsEntry.Kind.EARN, points=7, location_code="BGO1")
    PointsEntryFactory(kind=PointsEntry.Kind.EARN, points=500, occurred_at=now - timedelta(days=2))

    _, board = _board(client, manager)
    figures = {row.label: row for row in board.figures}

    assert (figures["Open pickups"].store.value, figures["Open pickups"].everywhere.value) == (2, 3)
    assert (figures["Overdue pickups"].store.value, figures["Overdue pickups"].everywhere.value) == (1, 1)
    assert (figures["Low stock"].store.value, figures["Low stock"].everywhere.value) == (1, 2)
    # Reordering brings each back over its point with a month's sales: 3 at Oslo, 1 at Bergen, at NOK 100 each.
    assert (figures["Low stock"].store.worth, figures["Low stock"].everywhere.worth) == (Decimal("300"), Decimal("400"))
    assert (figures["Points issued"].store.value, figures["Points issued"].everywhere.value) == (40, 47)
    for label in ("Open pickups", "Overdue pickups", "Low stock"):
        for cell in (figures[label].store, figures[label].everywhere):
            listing = client.get(cell.url)
            assert listing.status_code == 200, cell.url
            assert len(listing.context["cl"].result_list) == cell.value, (label, cell.url)
    for cell in (figures["Points issued"].store, figures["Points issued"].everywhere):
        listing = client.get(cell.url)
        assert sum(entry.points for entry in listing.context["cl"].result_list) == cell.value
    assert client.get(board.reorder_store_url).status_code == 200


def test_the_front_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, shop, manager):
    def day_of(count: int):
        for _ in range(count):
            OrderFactory(channel="store", location=shop["store"], total=Decimal("10.00"))
            StockLevelFactory(location=shop["store"], variant=VariantFactory(), on_hand=1, reorder_point=2)
            PointsEntryFactory(kind=PointsEntry.Kind.EARN, points=1, location_code="OSL1")

    client.force_login(manager)
    day_of(1)
    place(shop)
    place(shop)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/").status_code == 200
    day_of(19)
    for _ in range(3):
        place(shop)  # the shop's stock allows five open pickups of its jacket
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/admin/")
    assert response.context["dashboard"].sales_total.everywhere.count == 25  # 20 sales and 5 pickup orders


def test_a_role_without_orders_sees_no_sales_and_no_link_to_them(client, shop):
    from django.contrib.auth.models import Permission

    user = StaffFactory(role="nobody", location=shop["store"])
    user.user_permissions.add(Permission.objects.get(codename="view_pickup"))
    OrderFactory(channel="store", location=shop["store"], total=Decimal("10.00"))

    response, board = _board(client, user)

    assert board.sales == [] and [row.label for row in board.figures] == ["Open pickups", "Overdue pickups"]
    assert "/admin/orders/order/" not in response.content.decode()


def test_staff_without_a_home_store_see_all_stores_only(client, shop):
    admin_user = StaffFactory(role="admin", is_superuser=True, location=None)
    admin_user.staff_profile.delete()
    OrderFactory(channel="store", location=shop["store"], total=Decimal("10.00"))

    response, board = _board(client, admin_user)

    assert board.store is None and all(row.store is None for row in board.sales + board.figures)
    assert "All stores" in response.content.decode()


def test_a_clerk_sees_the_day_at_their_own_store_only(client, shop, bergen):
    store = shop["store"]
    OrderFactory(channel="store", location=store, total=Decimal("200.00"))
    OrderFactory(channel="store", location=bergen, total=Decimal("50.00"))
    place(shop)
    StockLevelFactory(location=bergen, variant=VariantFactory(), on_hand=1, reorder_point=3)

    response, board = _board(client, StaffFactory(username="clara", role="clerk", location=store))
    html = response.content.decode()

    assert not board.everywhere and board.store == store
    assert _sales(board)["Store"][:2] == (Decimal("200.00"), 1)
    assert "All stores" not in html and "NOK 250.00" not in html and "location=all" not in html
    for row in board.figures:
        listing = client.get(row.store.url)
        assert listing.status_code == 200 and len(listing.context["cl"].result_list) == row.store.value, row.label


def test_returns_taken_today_count_everywhere_and_at_the_store_that_took_them(shop, bergen):
    order = online_order(shop)
    return_create(
        order=order,
        location=bergen,
        lines=[ReturnRequestLine(sku=shop["cap"].sku, quantity=1)],
        refund_method="cash",
        reason="Too small",
        key="dash-1",
    )
    start, end = today_bounds()

    assert returns_today(start=start, end=end, store_id=bergen.pk) == {"everywhere": 1, "store": 1}
    assert returns_today(start=start, end=end, store_id=shop["store"].pk) == {"everywhere": 1, "store": 0}


def test_an_order_says_whose_it_is():
    order = OrderFactory(number="W-100042", name="", customer__first_name="Kari", customer__last_name="Nordmann")
    assert str(Order.objects.select_related("customer").get(pk=order.pk)) == "Order W-100042 — Kari Nordmann"
