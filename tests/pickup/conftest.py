"""Pickup fixtures: the order tests' shop, a clerk at its store, and a helper that places a pickup order."""

import pytest

from customers.sms import outbox as sms_outbox
from pickup.checkout import checkout_place
from pickup.models import Pickup
from tests.factories import StaffFactory
from tests.orders.conftest import cart_with, ledger_ok, open_every_day, shop  # noqa: F401  (fixtures)


def place(the_shop, *, quantity=1, payment="pay_at_pickup", items=None, slot=None, location=None, phone="+4791234567"):
    """A pickup order through checkout's own service; returns its Pickup."""
    cart = cart_with(items or [(the_shop["jacket"], quantity)])
    order = checkout_place(
        cart=cart,
        email="kari@example.com",
        name="Kari Nordmann",
        phone=phone,
        fulfilment="pickup",
        location=location or the_shop["store"],
        payment_method=payment,
        slot=slot,
    )
    return Pickup.objects.select_related("order").get(order=order)


@pytest.fixture
def clerk(shop):  # noqa: F811  (the imported fixture, requested by name)
    return StaffFactory(username="clerk1", role="clerk", location=shop["store"])


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "customers.sms.LocmemSmsBackend"
    sms_outbox.clear()
    yield sms_outbox
    sms_outbox.clear()
