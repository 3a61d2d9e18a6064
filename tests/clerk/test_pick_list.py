"""The pickup queue says what to pick, prints a pick list, and cancels only with a reason; the customer page shows
one spent figure saying over what; the console speaks Norwegian with a language switch."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import Order
from orders.services.points import order_points_earn
from pickup.models import Pickup
from tests.factories import CustomerFactory, OrderFactory, StaffFactory
from tests.orders.conftest import cart_with, ledger_ok, open_every_day, shop  # noqa: F401  (fixtures)
from tests.pickup.conftest import _sms_outbox, clerk, place  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, clerk):  # noqa: F811
    client.force_login(clerk)
    return client


def _row(html: str, number: str) -> str:
    return re.search(rf'<li[^>]*id="pickup-{number}".*?</li>', html, re.S).group(0)


def test_each_queued_order_shows_what_to_pick(desk, shop):  # noqa: F811
    pickup = place(shop, quantity=2)
    line = pickup.order.lines.get()

    row = _row(desk.get("/clerk/pickups/").content.decode(), pickup.order.number)

    assert line.sku in row and line.name in row
    assert re.search(r'<td class="num">2</td>', row)


def test_the_printable_pick_list_lists_every_order_to_pick(desk, shop):  # noqa: F811
    first, second = place(shop), place(shop)

    html = desk.get("/clerk/pickups/pick-list/").content.decode()

    assert "Pick list" in html and "2 orders" in html
    assert first.order.number in html and second.order.number in html
    assert shop["jacket"].sku in html


def test_cancel_asks_for_a_reason_and_writes_it_on_the_order(desk, shop):  # noqa: F811
    pickup = place(shop)
    number = pickup.order.number
    page = desk.get("/clerk/pickups/").content.decode()
    assert 'class="button danger"' in _row(page, number)

    refused = desk.post(f"/clerk/pickups/{number}/cancel/", {"reason": "  "}, follow=True)
    assert "Say why" in refused.content.decode()
    assert Pickup.objects.get(pk=pickup.pk).status != "cancelled"

    desk.post(f"/clerk/pickups/{number}/cancel/", {"reason": "Customer phoned: no longer needed"})
    order = Order.objects.get(number=number)
    assert order.status == "cancelled"
    assert order.events.filter(note__contains="Customer phoned: no longer needed").exists()


def test_the_customer_page_shows_one_spent_figure_saying_over_what(client, shop):  # noqa: F811
    client.force_login(StaffFactory(username="clara", role="clerk", location=shop["store"]))
    kari = CustomerFactory()
    order = OrderFactory(
        customer=kari,
        total=Decimal("300.00"),
        subtotal=Decimal("300.00"),
        status="completed",
        completed_at=timezone.now(),
    )
    order_points_earn(order=order)  # the loyalty tier counts the same purchase: still one figure on the page
    OrderFactory(
        customer=kari, total=Decimal("1000.00"), status="completed", placed_at=timezone.now().replace(year=2020)
    )

    html = client.get(kari.get_absolute_url()).content.decode()

    assert html.count("spent") == 1
    assert re.search(r'NOK 1,300.00</span><span class="stat-label">spent in all, every channel', html)


def test_the_console_speaks_norwegian_and_offers_the_language_switch(client, shop):  # noqa: F811
    client.force_login(StaffFactory(username="clara", role="clerk", location=shop["store"]))
    client.cookies["django_language"] = "nb"

    html = client.get("/clerk/products/", headers={"accept-language": "nb"}).content.decode()

    assert "Finn vare" in html and "Kurv" in html
    assert 'action="/i18n/setlang/"' in html
