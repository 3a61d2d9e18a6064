"""Reads of orders that the account pages, the clerk console and the API share."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

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


# Orders that never became a sale do not count towards what the customer spent.
UNSOLD_STATUSES = (Order.Status.PENDING, Order.Status.CANCELLED, Order.Status.EXPIRED)


@dataclass(frozen=True)
class OrderSummary:
    count: int
    last_order_at: datetime | None
    total_spent: Decimal


def order_summary_for_customer(*, customer: Customer) -> OrderSummary:
    """How many orders, the latest, and what the customer spent across all channels; one aggregate query."""
    totals = Order.objects.filter(customer=customer).aggregate(
        count=Count("pk"),
        last_order_at=Max("placed_at"),
        total_spent=Coalesce(Sum("total", filter=~Q(status__in=UNSOLD_STATUSES)), Value(Decimal("0"))),
    )
    return OrderSummary(**totals)


def open_pickups_for_customer(*, customer: Customer) -> list[Order]:
    """Pickup orders the customer has yet to collect, soonest placed first."""
    return list(
        Order.objects.filter(
            customer=customer, fulfilment=Order.Fulfilment.PICKUP, status__in=Order.OPEN_PICKUP_STATUSES
        )
        .select_related("location")
        .order_by("placed_at", "pk")
    )


def last_order_at_by_customer(*, customer_ids: Iterable[int]) -> dict[int, datetime]:
    """When each of these customers last ordered (any channel); one query."""
    rows = (
        Order.objects.filter(customer_id__in=list(customer_ids))
        .values("customer_id")
        .annotate(last=Max("placed_at"))
        .order_by()
    )
    return {row["customer_id"]: row["last"] for row in rows}
