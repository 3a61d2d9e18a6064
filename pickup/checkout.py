"""A shopper's checkout for pickup: the order, its desk record and the window it books, in one transaction.

Checkout calls this rather than orders' `order_place` alone, so a full or unknown window refuses the order where
the call can be read, not in a signal receiver.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext

from orders.exceptions import CheckoutInvalid
from orders.models import Order
from orders.services import order_place_inside
from pickup.services import pickup_open


@transaction.atomic
def checkout_place(*, slot: datetime | None = None, **order) -> Order:
    """Place the order (orders' `order_place`, same arguments) and, for a pickup, open its desk record in `slot`;
    all or nothing: SlotFull or SlotInvalid leave no order and no held stock. One transaction (or savepoint) for
    all of it: the services inside join it rather than each opening a savepoint of their own."""
    if slot is not None and order.get("fulfilment") != Order.Fulfilment.PICKUP:
        raise CheckoutInvalid(gettext("A pickup window is only for orders picked up in a store."), field="slot")
    placed = order_place_inside(**order)
    if placed.fulfilment == Order.Fulfilment.PICKUP:
        pickup_open(order=placed, slot_start=slot, new_order=True)
    return placed
