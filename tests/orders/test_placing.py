"""order_place: one transaction from a cart to an order with reserved stock, at catalog prices."""

from decimal import Decimal

import pytest

from catalog.models import Variant
from clerk.selectors import customers_matching
from customers.models import Customer, TimelineEvent
from inventory.exceptions import InsufficientStock
from inventory.models import Reservation, StockLevel
from orders.exceptions import CheckoutInvalid, EmptyCart, UnknownLocation
from orders.models import CartLine, Order, OrderEvent
from orders.services import order_place
from tests.factories import CustomerFactory
from tests.orders.conftest import cart_with


def _level(location, variant):
    return StockLevel.objects.get(location=location, variant=variant)


def test_pay_at_pickup_order_is_placed_with_stock_reserved_under_its_number(
    shop, ledger_ok, mailoutbox, django_capture_on_commit_callbacks
):
    cart = cart_with([(shop["jacket"], 2), (shop["cap"], 1)])
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(
            cart=cart,
            email="Guest@Example.com",
            name="Ola Guest",
            fulfilment="pickup",
            location=shop["store"],
            payment_method="pay_at_pickup",
        )
    assert order.status == Order.Status.PLACED and order.number.startswith("W-")
    assert order.total == Decimal("1147.50") and order.currency == "NOK"
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines.all()] == [
        (shop["jacket"].sku, 2, Decimal("499.00")),
        (shop["cap"].sku, 1, Decimal("149.50")),
    ]
    assert _level(shop["store"], shop["jacket"]).reserved == 2
    assert set(Reservation.objects.values_list("reference", flat=True)) == {order.number}
    assert not CartLine.objects.filter(cart=cart).exists()
    assert order.customer.email == "guest@example.com"
    assert TimelineEvent.objects.filter(customer=order.customer, reference=order.number).exists()
    assert list(OrderEvent.objects.filter(order=order).values_list("to_status", flat=True)) == ["placed"]
    [email] = mailoutbox
    assert order.number in email.subject and "Karl Johans gate 1" in email.body and "Rain jacket" in email.body
    ledger_ok()


def test_prices_come_from_the_catalog_not_from_the_cart(shop):
    cart = cart_with([(shop["jacket"], 1)])
    CartLine.objects.update(price_when_added=Decimal("1.00"))
    Variant.objects.filter(pk=shop["jacket"].pk).update(price=Decimal("450.00"))
    order = order_place(
        cart=cart, email="a@example.com", fulfilment="pickup", location=shop["store"], payment_method="pay_at_pickup"
    )
    assert order.total == Decimal("450.00")


def test_card_order_waits_for_payment_with_an_expiry(shop, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.CHECKOUT_PAYMENT_TIMEOUT = 30
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(
            cart=cart_with([(shop["cap"], 1)]),
            email="a@example.com",
            fulfilment="pickup",
            location=shop["store"],
            payment_method="card",
        )
    assert order.status == Order.Status.PENDING and order.payment_status == "unpaid"
    assert 29 * 60 < (order.expires_at - order.placed_at).total_seconds() <= 30 * 60
    assert mailoutbox == []


def test_not_enough_stock_raises_naming_the_sku_and_keeps_the_cart(shop, ledger_ok):
    cart = cart_with([(shop["jacket"], 6)])
    shop["warehouse"].is_active = False
    shop["warehouse"].save()
    with pytest.raises(InsufficientStock) as raised:
        order_place(
            cart=cart,
            email="a@example.com",
            fulfilment="pickup",
            location=shop["store"],
            payment_method="pay_at_pickup",
        )
    assert raised.value.lines[0].sku == shop["jacket"].sku and raised.value.lines[0].available == 5
    assert CartLine.objects.filter(cart=cart).count() == 1
    assert not Order.objects.exists()
    ledger_ok()


def test_ship_to_store_reserves_at_the_warehouse_and_creates_the_transfer(shop, ledger_ok):
    order = order_place(
        cart=cart_with([(shop["jacket"], 8)]),
        email="a@example.com",
        fulfilment="pickup",
        location=shop["store"],
        payment_method="pay_at_pickup",
    )
    assert order.stock_location == shop["warehouse"]
    assert _level(shop["warehouse"], shop["jacket"]).reserved == 8
    assert _level(shop["store"], shop["jacket"]).reserved == 0
    transfer = order.transfer
    assert (transfer.source, transfer.destination, transfer.status) == (shop["warehouse"], shop["store"], "draft")
    assert order.ready_at.date() > order.placed_at.date()
    ledger_ok()


@pytest.mark.parametrize(("store_buffer", "level_buffer", "source"), [(0, 4, "warehouse"), (4, 0, "store")])
def test_a_stock_levels_own_online_buffer_decides_whether_the_store_serves_a_pickup(
    shop, store_buffer, level_buffer, source
):
    store = shop["store"]
    store.default_online_buffer = store_buffer
    store.save(update_fields=["default_online_buffer"])
    StockLevel.objects.filter(location=store, variant=shop["jacket"]).update(online_buffer=level_buffer)
    order = order_place(
        cart=cart_with([(shop["jacket"], 2), (shop["cap"], 1)]),
        email="a@example.com",
        fulfilment="pickup",
        location=store,
        payment_method="pay_at_pickup",
    )
    assert order.stock_location == shop[source]
    assert _level(shop[source], shop["jacket"]).reserved == 2


def test_ship_uses_the_warehouse_and_adds_the_flat_fee(shop, settings):
    settings.SHIPPING_FEE = "79.00"
    order = order_place(
        cart=cart_with([(shop["cap"], 1)]),
        email="a@example.com",
        fulfilment="ship",
        payment_method="card",
        address={"name": "Ola", "line1": "Storgata 1", "postal_code": "0155", "city": "Oslo"},
    )
    assert order.stock_location == shop["warehouse"] and order.location is None
    assert order.total == Decimal("228.50") and order.shipping_address["country"] == "NO"


def test_ship_from_store_when_the_warehouse_cannot(shop):
    shop["warehouse"].is_active = False
    shop["warehouse"].save()
    order = order_place(
        cart=cart_with([(shop["cap"], 1)]),
        email="a@example.com",
        fulfilment="ship",
        payment_method="card",
        address={"name": "Ola", "line1": "Storgata 1", "postal_code": "0155", "city": "Oslo"},
    )
    assert order.stock_location == shop["store"]
    assert _level(shop["store"], shop["cap"]).reserved == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"fulfilment": "drone"}, "fulfilment"),
        ({"payment_method": "iou"}, "payment"),
        ({"location": None}, "location"),
        ({"fulfilment": "ship", "address": None}, "payment"),
        ({"fulfilment": "ship", "payment_method": "card", "address": {"name": "x"}}, "address"),
        ({"email": ""}, "email"),
    ],
)
def test_bad_checkout_input_is_refused_naming_the_field_and_writes_nothing(shop, kwargs, field):
    arguments = {
        "email": "a@example.com",
        "fulfilment": "pickup",
        "location": shop["store"],
        "payment_method": "pay_at_pickup",
    }
    arguments.update(kwargs)
    with pytest.raises(CheckoutInvalid) as raised:
        order_place(cart=cart_with([(shop["cap"], 1)]), **arguments)
    assert raised.value.field == field
    assert not Order.objects.exists() and not Customer.objects.exists()


def test_the_warehouse_is_not_a_pickup_point(shop):
    with pytest.raises(UnknownLocation):
        order_place(
            cart=cart_with([(shop["cap"], 1)]),
            email="a@example.com",
            fulfilment="pickup",
            location=shop["warehouse"],
            payment_method="pay_at_pickup",
        )


def test_an_empty_cart_cannot_be_ordered(shop):
    with pytest.raises(EmptyCart):
        order_place(
            cart=cart_with([]),
            email="a@example.com",
            fulfilment="pickup",
            location=shop["store"],
            payment_method="pay_at_pickup",
        )


# A phone typed at checkout ends up where the clerk looks for it


def _place(shop, **given):
    return order_place(
        cart=cart_with([(shop["cap"], 1)]),
        fulfilment="pickup",
        location=shop["store"],
        payment_method="pay_at_pickup",
        **given,
    )


def test_a_guest_is_found_by_the_phone_typed_at_checkout(shop):
    order = _place(shop, email="guest@example.com", name="Ola Guest", phone="412 34 567")

    assert customers_matching(query="412 34 567", country="NO") == [order.customer]
    assert order.customer.phone == "+4741234567"


def test_a_signed_in_shopper_without_a_phone_gets_the_one_typed_at_checkout(shop):
    shopper = CustomerFactory(email="kari@example.com", phone=None)

    _place(shop, email="", customer=shopper, phone="412 34 567")

    shopper.refresh_from_db()
    assert shopper.phone == "+4741234567"


def test_a_phone_typed_at_checkout_never_replaces_the_one_on_the_profile(shop):
    shopper = CustomerFactory(email="kari@example.com", phone="+4722334455")

    order = _place(shop, email="", customer=shopper, phone="412 34 567")

    shopper.refresh_from_db()
    assert shopper.phone == "+4722334455"
    assert order.phone == "412 34 567"


def test_a_phone_another_customer_has_does_not_stop_the_order(shop):
    owner = CustomerFactory(phone="+4741234567")

    order = _place(shop, email="guest@example.com", phone="412 34 567")

    assert order.status == Order.Status.PLACED
    assert order.customer != owner and order.customer.phone is None
    assert customers_matching(query="412 34 567", country="NO") == [owner]
