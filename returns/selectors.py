"""What an order can still give back, and the returns already taken; order reads that show returns with the order."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from customers.models import Customer
from orders.models import Order, OrderLine
from orders.selectors import order_detail, orders_for_customer
from returns.models import Return


def returns_prefetch() -> Prefetch:
    """An order's returns with the store that took them, for history pages (one more query per page)."""
    return Prefetch("returns", queryset=Return.objects.select_related("location").order_by("created_at", "pk"))


# ---- Returns: what can still come back. ----


@dataclass(frozen=True)
class ReturnableLine:
    line: OrderLine
    returned: int

    @property
    def remaining(self) -> int:
        return self.line.quantity - self.returned


def returnable_lines(*, order: Order) -> list[ReturnableLine]:
    """Each line of an order with how many units already came back; one query."""
    lines = OrderLine.objects.filter(order=order).annotate(returned=Coalesce(Sum("return_lines__quantity"), Value(0)))
    return [ReturnableLine(line=line, returned=line.returned) for line in lines.order_by("pk")]


def returns_for_order(*, order: Order) -> list[Return]:
    """The returns already taken for an order, with their store and lines."""
    return list(
        Return.objects.filter(order=order)
        .select_related("location")
        .prefetch_related("lines__order_line")
        .order_by("created_at", "pk")
    )


def orders_returnable_for_customers(*, customer_ids: Iterable[int], limit: int = 50) -> list[Order]:
    """Sold orders of these customers, any channel, newest first, that a store may take items back from."""
    return list(
        Order.objects.filter(customer_id__in=list(customer_ids), status__in=Order.RETURNABLE_STATUSES)
        .select_related("location", "customer")
        .order_by("-placed_at", "-pk")[:limit]
    )


def order_history_for_customer(customer: Customer, *, channel: str | None = None) -> QuerySet[Order]:
    """A customer's orders from every channel with their returns (one query more than the orders alone)."""
    return orders_for_customer(customer, channel=channel).prefetch_related(returns_prefetch())


def order_detail_with_returns(*, number: str, customer: Customer | None = None) -> Order:
    """One order as its page shows it: lines, store, history and returns."""
    return order_detail(number=number, customer=customer, prefetch=[returns_prefetch()])
