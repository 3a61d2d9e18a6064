"""Shop fixtures for order tests: a pickup store open every day, a warehouse, and a cart with stock behind it."""

import secrets
from datetime import time

import pytest

from inventory.models import OpeningHours
from orders.models import Cart, CartLine, Order
from orders.services import order_payment_succeeded, order_transition
from orders.services.points import order_points_earn
from pickup.checkout import checkout_place
from tests.factories import LocationFactory, StockLevelFactory, VariantFactory, WarehouseFactory
from tests.inventory.conftest import assert_ledger_consistent


def open_every_day(location):
    OpeningHours.objects.bulk_create(
        [OpeningHours(location=location, weekday=day, opens=time(0, 0), closes=time(23, 59)) for day in range(7)]
    )
    return location


def cart_with(items, *, session_key="", customer=None) -> Cart:
    """A cart holding (variant, quantity) pairs, as the add-to-cart service would leave it."""
    if not session_key and customer is None:
        session_key = secrets.token_urlsafe(16)
    cart = Cart.objects.create(session_key=session_key, customer=customer)
    CartLine.objects.bulk_create(
        [CartLine(cart=cart, variant=v, quantity=q, price_when_added=v.price) for v, q in items]
    )
    return cart


def online_order(shop, *, card: bool = False) -> Order:
    """Two jackets and a cap bought online, collected at OSL1, with the points they earned."""
    cart = cart_with([(shop["jacket"], 2), (shop["cap"], 1)])
    order = checkout_place(
        cart=cart,
        email="kari@example.com",
        fulfilment="pickup",
        location=shop["store"],
        payment_method="card" if card else "pay_at_pickup",
    )
    if card:
        order = order_payment_succeeded(order=order, payment_intent_id="pi_test_1", amount=order.total)
    for step in ("picking", "ready", "completed"):
        order = order_transition(order=order, to=step)
    order_points_earn(order=order)
    return order


@pytest.fixture
def shop(db):
    """A pickup store OSL1 and a warehouse WH1, both stocked with a jacket and a cap."""
    store = open_every_day(LocationFactory(code="OSL1", name="Oslo Sentrum", address_line="Karl Johans gate 1"))
    warehouse = WarehouseFactory(code="WH1", name="Central Warehouse")
    jacket = VariantFactory(product__name="Rain jacket", price="499.00")
    cap = VariantFactory(product__name="Wool cap", price="149.50")
    for variant in (jacket, cap):
        StockLevelFactory(location=store, variant=variant, on_hand=5)
        StockLevelFactory(location=warehouse, variant=variant, on_hand=20)
    return {"store": store, "warehouse": warehouse, "jacket": jacket, "cap": cap}


@pytest.fixture
def ledger_ok():
    return assert_ledger_consistent
