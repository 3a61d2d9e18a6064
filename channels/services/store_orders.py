"""An order placed for a customer by staff at a store (the clerk's counter and the tablet's API): where and how the
customer gets it, and lines by SKU at catalog prices, through checkout."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext

from channels.services.pos import CustomerIdentity, customer_for
from customers.models import Channel
from inventory.models import Location
from orders.exceptions import CheckoutInvalid
from orders.models import Order
from orders.services.placing import name_split
from pickup.checkout import WantedLine, counter_checkout_once, counter_checkout_place, wanted_variants

ORDER_METHODS = (Order.PaymentMethod.PAY_AT_PICKUP, Order.PaymentMethod.CASH, Order.PaymentMethod.CARD_PRESENT)


@dataclass(frozen=True)
class OrderChoice:
    """Where and how the customer wants what the store lacks."""

    fulfilment: str
    payment: str
    location: Location | None = None
    slot: datetime | None = None
    address: dict | None = None
    reward_code: str = ""


@transaction.atomic
def order_for_customer_once(*, store: Location, idempotency_key: str, **order) -> tuple[Order, bool]:
    """`order_for_customer` placed once per (store, key): the same key again — even at the same moment, from a
    retry — returns the first order and places nothing. (order, created)."""
    return counter_checkout_once(
        store=store, idempotency_key=idempotency_key, place=lambda: order_for_customer(store=store, **order)
    )


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
