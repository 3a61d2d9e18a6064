"""Reads of orders that the account pages, the clerk console and the API share."""

from django.db.models import Prefetch, QuerySet

from customers.models import Customer
from orders.models import Order, OrderLine


def orders_for_customer(customer: Customer, *, channel: str | None = None) -> QuerySet[Order]:
    """A customer's orders from every channel, newest first, with their lines and store in two extra queries."""
    orders = (
        Order.objects.filter(customer=customer)
        .select_related("location")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("-placed_at", "-pk")
    )
    if channel:
        orders = orders.filter(channel=channel)
    return orders
