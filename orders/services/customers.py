"""Orders and carts follow their customer: when two profiles are merged, the survivor gets the history and the cart."""

from django.db import transaction

from customers.models import Customer
from orders.models import Cart, Order
from orders.services.cart import cart_merge


@transaction.atomic
def orders_move_to_customer(*, survivor: Customer, merged: Customer) -> int:
    """Re-point the merged profile's orders at the survivor, and fold its cart into the survivor's (quantities
    added, as at log-in); returns how many orders moved."""
    moved = Order.objects.filter(customer=merged).update(customer=survivor)
    theirs = Cart.objects.filter(customer=merged).first()
    if theirs is not None:
        mine = Cart.objects.filter(customer=survivor).first()
        if mine is None:
            Cart.objects.filter(pk=theirs.pk).update(customer=survivor)
        else:
            cart_merge(source=theirs, target=mine)
    return moved
