"""Orders follow their customer: when two profiles are merged, the survivor gets the history."""

from django.db import transaction

from customers.models import Customer
from orders.models import Order


@transaction.atomic
def orders_move_to_customer(*, survivor: Customer, merged: Customer) -> int:
    """Re-point the merged profile's orders at the survivor; returns how many moved."""
    return Order.objects.filter(customer=merged).update(customer=survivor)
