"""What one checkout costs the database: a bounded number of round trips, the same for one line as for five.

Counted inside the test's transaction, so checkout's own transaction shows as a savepoint and its release: the
two round trips that BEGIN and COMMIT are when a request places the order. bench/README.md lists the statements.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.models import Location, Reservation
from pickup.checkout import checkout_place
from pickup.models import Pickup
from tests.factories import StockLevelFactory, VariantFactory
from tests.orders.conftest import cart_with

pytestmark = pytest.mark.django_db


def _variants(shop, count):
    variants = [shop["jacket"], shop["cap"]]
    for i in range(count - len(variants)):
        variant = VariantFactory(product__name=f"Scarf {i}", price="99.00")
        StockLevelFactory(location=shop["store"], variant=variant, on_hand=5)
        variants.append(variant)
    return variants[:count]


def _guest_order(store, cart, *, email):
    return checkout_place(
        cart=cart, email=email, name="Guest Buyer", fulfilment="pickup", location=store, payment_method="pay_at_pickup"
    )


def _store(shop):
    """The store as a request reads it: nothing that an earlier order prefetched on it."""
    return Location.objects.get(pk=shop["store"].pk)


# A new guest's pay-at-pickup order: 42 round trips before checkout was made cheaper, 21 since, 20 once the stock
# reservation became one statement, 18 once the order, its lines and its first event became one.
ROUND_TRIPS = 18


def test_a_three_line_guest_order_paid_at_pickup_takes_a_bounded_number_of_round_trips(
    shop, django_assert_max_num_queries
):
    cart = cart_with([(variant, 1) for variant in _variants(shop, 3)])
    store = _store(shop)
    with django_assert_max_num_queries(ROUND_TRIPS):
        order = _guest_order(store, cart, email="new-guest@example.com")
    assert order.lines.count() == 3
    assert Reservation.objects.filter(reference=order.number, status="open").count() == 3
    assert Pickup.objects.filter(order=order).exists()


def test_an_order_of_five_lines_costs_as_many_round_trips_as_one_of_one_line(shop):
    variants = _variants(shop, 5)
    one_line, five_lines = cart_with([(variants[0], 1)]), cart_with([(variant, 1) for variant in variants])
    first_store, second_store = _store(shop), _store(shop)
    with CaptureQueriesContext(connection) as one:
        _guest_order(first_store, one_line, email="one-line@example.com")
    with CaptureQueriesContext(connection) as five:
        _guest_order(second_store, five_lines, email="five-lines@example.com")
    assert len(five.captured_queries) == len(one.captured_queries)


def test_each_line_is_kept_as_the_catalog_names_and_prices_it_in_the_cart_s_order(shop):
    """The cart's lines are read with a statement of checkout's own: the order still names each variant with its
    options, at today's price, in the order the shopper added them."""
    jacket, cap = shop["jacket"], shop["cap"]
    cap.options = {"size": "M", "colour": "Blue"}
    cap.save()
    order = _guest_order(_store(shop), cart_with([(cap, 2), (jacket, 1)]), email="lines@example.com")
    kept = list(order.lines.order_by("pk").values_list("sku", "name", "unit_price", "quantity"))
    assert kept == [
        (cap.sku, "Wool cap — M / Blue", Decimal("149.50"), 2),
        (jacket.sku, f"Rain jacket — {jacket.label}", Decimal("499.00"), 1),
    ]
