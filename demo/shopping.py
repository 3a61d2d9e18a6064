"""Demo orders placed the way a shopper places them: what a store can promise, a cart, checkout's own service."""

from catalog.models import Variant
from customers.models import Customer
from inventory.selectors import availability_by_variant
from orders.models import Order
from orders.services import cart_for_customer, cart_line_add
from pickup.checkout import checkout_place


def sellable_at(*, location_id: int, variants: list[Variant], count: int) -> list[Variant]:
    """The first `count` of `variants` of which the location can promise at least one unit online."""
    online = availability_by_variant(variant_ids=[variant.pk for variant in variants])
    return [
        variant
        for variant in variants
        if any(row.location.pk == location_id and row.online >= 1 for row in online.get(variant.pk, []))
    ][:count]


def order_place_as_shopper(*, customer: Customer, variants: list[Variant], number: str, **checkout) -> Order:
    """One unit of each variant in the customer's cart, placed through checkout (`checkout` is the rest of its
    arguments: fulfilment, location, payment method …)."""
    cart = cart_for_customer(customer=customer)
    for variant in variants:
        cart_line_add(cart=cart, variant=variant, quantity=1)
    return checkout_place(cart=cart, email=customer.email, customer=customer, number=number, **checkout)
