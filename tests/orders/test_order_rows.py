"""A new order, its lines and its first event are written by one statement of the order service's own: the rows are
the ones the ORM wrote when each was an INSERT of its own, and the order handed back is the row as stored."""

from decimal import Decimal

import pytest

from orders.models import Order, OrderEvent
from pickup.checkout import checkout_place
from tests.factories import StaffFactory
from tests.orders.conftest import cart_with

pytestmark = pytest.mark.django_db


def _place(shop, items, **extra):
    return checkout_place(
        cart=cart_with(items),
        email="rows@example.com",
        name="Row Buyer",
        fulfilment="pickup",
        location=shop["store"],
        payment_method="pay_at_pickup",
        **extra,
    )


def test_the_order_handed_back_is_the_row_as_stored(shop):
    order = _place(shop, [(shop["jacket"], 2), (shop["cap"], 1)])
    stored = Order.objects.get(number=order.number)
    assert stored.pk == order.pk and not order._state.adding
    for field in Order._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(order, field.attname), field.name
    assert (stored.subtotal, stored.total, stored.amount_paid) == (Decimal("1147.50"), Decimal("1147.50"), 0)
    assert (stored.stripe_payment_intent_id, stored.reward_code, stored.amount_refunded) == ("", "", 0)
    assert (stored.shipping_address, stored.status, stored.name) == ({}, "placed", "Row Buyer")


def test_the_lines_are_kept_in_the_cart_s_order_with_their_totals(shop):
    order = _place(shop, [(shop["cap"], 3), (shop["jacket"], 1)])
    kept = list(order.lines.order_by("pk").values_list("variant_id", "sku", "unit_price", "quantity", "line_total"))
    assert kept == [
        (shop["cap"].pk, shop["cap"].sku, Decimal("149.50"), 3, Decimal("448.50")),
        (shop["jacket"].pk, shop["jacket"].sku, Decimal("499.00"), 1, Decimal("499.00")),
    ]
    assert not order.lines.filter(refused=True).exists()


def test_the_first_event_says_placed_from_nothing(shop):
    order = _place(shop, [(shop["jacket"], 1)])
    (event,) = OrderEvent.objects.filter(order=order)
    assert (event.from_status, event.to_status, event.message) == ("", "placed", "placed")
    assert (event.params, event.note, event.actor) == ({"channel": "web", "store": ""}, "Placed (Web shop)", None)
    assert event.at is not None and abs((event.at - order.placed_at).total_seconds()) < 60


def test_the_first_event_keeps_the_member_of_staff_who_placed_it(shop):
    clerk = StaffFactory(username="counter-clerk")
    order = _place(shop, [(shop["jacket"], 1)], actor=clerk, channel="store")
    event = OrderEvent.objects.get(order=order)
    assert event.actor == clerk
    assert event.params == {"channel": "store", "store": ""}
