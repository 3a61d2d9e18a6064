"""What the clerk console and the staff customer API show: each domain app's reads, composed for the counter."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator

from customers.models import Customer, TimelineEvent
from customers.selectors import customer_lookup, customer_survivor, customer_timeline
from inventory.models import Location
from loyalty.selectors import points_balance
from orders.models import Order
from orders.selectors import (
    OrderSummary,
    last_order_at_by_customer,
    order_summary_for_customer,
)
from pickup.availability import WishlistEntry, customer_wishlist_with_stock
from pickup.selectors import open_pickups_for_customer
from returns.selectors import order_history_for_customer

RECENT_ORDERS = 10
ORDERS_PER_PAGE = 25
TIMELINE_LIMIT = 50


def customers_matching(*, query: str, country: str, limit: int = 20) -> list[Customer]:
    """The clerk's search: customers matching what was typed, each with `last_order_at` (one more query)."""
    customers = customer_lookup(query=query, country=country, limit=limit)
    last = last_order_at_by_customer(customer_ids=[c.pk for c in customers])
    for customer in customers:
        customer.last_order_at = last.get(customer.pk)
    return customers


@dataclass(frozen=True)
class CustomerSummary:
    """What staff need at a glance: profile, wishlist with stock, order totals, points and open pickups."""

    customer: Customer
    location: Location | None
    wishlist: list[WishlistEntry]
    order_summary: OrderSummary
    open_pickups: list[Order]
    loyalty_balance: int


@dataclass(frozen=True)
class CustomerOverview(CustomerSummary):
    """The clerk's customer page: the summary plus the order history with lines and the timeline."""

    orders: list[Order]
    timeline: list[TimelineEvent]

    @property
    def more_orders(self) -> int:
        return max(self.order_summary.count - len(self.orders), 0)


def customer_summary(*, customer_id: int, location: Location | None) -> CustomerSummary:
    """A customer at a glance for staff (the API's customer detail); a merged-away id gives the survivor.

    Raises Customer.DoesNotExist for an unknown id.
    """
    customer = customer_survivor(customer_id=customer_id)
    return CustomerSummary(**_summary_parts(customer=customer, location=location))


def customer_overview(*, customer_id: int, location: Location | None) -> CustomerOverview:
    """The clerk's customer page: profile, wishlist with stock here and elsewhere, orders, points, pickups, timeline.

    A merged-away id shows the surviving profile. Raises Customer.DoesNotExist for an unknown id.
    """
    customer = customer_survivor(customer_id=customer_id)
    orders = list(order_history_for_customer(customer)[:RECENT_ORDERS])
    timeline = customer_timeline(customer=customer, limit=TIMELINE_LIMIT)
    return CustomerOverview(**_summary_parts(customer=customer, location=location), orders=orders, timeline=timeline)


def customer_orders_page(*, customer: Customer, page: int | str | None, per_page: int = ORDERS_PER_PAGE) -> Page:
    """One page of the customer's whole order history, newest first, with lines: three queries whatever the page.

    A page number past the end or not a number gives the nearest real page.
    """
    return Paginator(order_history_for_customer(customer), per_page).get_page(page)


def _summary_parts(*, customer: Customer, location: Location | None) -> dict:
    return {
        "customer": customer,
        "location": location,
        "wishlist": customer_wishlist_with_stock(customer=customer, location=location),
        "order_summary": order_summary_for_customer(customer=customer),
        "open_pickups": open_pickups_for_customer(customer=customer),
        "loyalty_balance": points_balance(customer=customer),
    }


def staff_country(*, location: Location | None) -> str:
    """The country a number typed without a prefix belongs to: the clerk's store, else the shop's."""
    return (location.country if location is not None else "") or settings.SHOP_COUNTRY
