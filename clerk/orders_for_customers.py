"""An order placed for a customer by staff (the tablet's API): lines by SKU at catalog prices, through checkout."""

from collections.abc import Sequence

from django.db import connection, transaction
from django.utils.translation import gettext

from channels.services.pos import CustomerIdentity, customer_for
from clerk.basket import ORDER_METHODS, OrderChoice
from core.transactions import create_once
from customers.models import Channel
from inventory.models import Location
from orders.exceptions import CheckoutInvalid
from orders.models import Order
from orders.services.placing import name_split
from pickup.checkout import WantedLine, counter_checkout_place, wanted_variants


def order_external_id(*, store: Location, key: str) -> str:
    """What a staff order placed with an idempotency key is found again by (channel store, unique)."""
    return f"{store.code}:order:{key}"


def _existing(external_id: str) -> Order | None:
    return Order.objects.filter(channel=Channel.STORE, external_id=external_id).first()


@transaction.atomic
def order_for_customer_once(*, store: Location, idempotency_key: str, **order) -> tuple[Order, bool]:
    """`order_for_customer` placed once per (store, key): the same key again — even at the same moment, from a
    retry — returns the first order and places nothing. (order, created)."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise CheckoutInvalid(gettext("An idempotency key of 1 to 64 characters is required."), field="idempotency_key")
    external_id = order_external_id(store=store, key=key)
    # Requests with the same key wait for each other here, so the second finds the first's order rather than
    # queueing for its stock and being refused for want of it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [7302, external_id])

    def place() -> Order:
        placed = order_for_customer(store=store, **order)
        Order.objects.filter(pk=placed.pk).update(external_id=external_id)
        placed.external_id = external_id
        return placed

    return create_once(find=lambda: _existing(external_id), create=place)


@transaction.atomic
def order_for_customer(
    *,
    store: Location,
    identity: CustomerIdentity,
    name: str,
    lines: Sequence[WantedLine],
    choice: OrderChoice,
    actor,
) -> Order:
    """Place an order for the customer behind `identity` (found or created by the till's rules), sold at `store` by
    `actor`: pickup at any store (in a window where it has them) or delivery, paid now at the counter or at pickup."""
    if choice.payment not in ORDER_METHODS:
        raise CheckoutInvalid(gettext("Payment must be one of: pay_at_pickup, cash, card."), field="payment")
    variants = wanted_variants(lines)
    first, last = name_split(name)
    customer = customer_for(
        identity=identity, consent=False, channel=Channel.STORE, country=store.country, first_name=first, last_name=last
    )
    if not customer.email:
        raise CheckoutInvalid(
            gettext("The customer has no email address for the confirmation; give one."), field="customer"
        )
    return counter_checkout_place(
        cart_key=f"clerk-user-{actor.pk}",
        lines=[(variants[line.sku], line.quantity) for line in lines],
        store=store,
        actor=actor,
        email=customer.email,
        name=name or customer.display_name,
        customer=customer,
        fulfilment=choice.fulfilment,
        location=choice.location,
        payment_method=choice.payment,
        address=choice.address,
        slot=choice.slot,
    )
