"""What the clerk console and the staff customer API show: each domain app's reads, composed for the counter."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator

from catalog.models import Variant
from customers.models import Customer, TimelineEvent, WishlistItem
from customers.selectors import customer_lookup, customer_survivor, customer_timeline
from inventory.models import Location
from inventory.selectors import LocationAvailability, availability_by_variant
from loyalty.selectors import points_balance
from orders.models import Order
from orders.selectors import (
    OrderSummary,
    last_order_at_by_customer,
    open_pickups_for_customer,
    order_summary_for_customer,
)
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
class WishlistEntry:
    """A wishlist item with what the clerk's store has on the shelf and which other stores have it."""

    item: WishlistItem
    here: int
    other_stores: list[LocationAvailability]

    @property
    def variant(self) -> Variant:
        return self.item.variant

    @property
    def in_stock_here(self) -> bool:
        return self.here > 0


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


def customer_wishlist_with_stock(*, customer: Customer, location: Location | None) -> list[WishlistEntry]:
    """The wishlist, newest first, with stock at `location` and at the other stores; two queries."""
    items = list(
        WishlistItem.objects.filter(customer=customer).select_related("variant__product").order_by("-added_at", "-pk")
    )
    stock = availability_by_variant(variant_ids=[item.variant_id for item in items])
    entries = []
    for item in items:
        rows = stock.get(item.variant_id, [])
        here = sum(row.in_store for row in rows if location is not None and row.location.pk == location.pk)
        others = [
            row
            for row in rows
            if row.location.kind == Location.Kind.STORE
            and (location is None or row.location.pk != location.pk)
            and row.in_store > 0
        ]
        entries.append(WishlistEntry(item=item, here=here, other_stores=others))
    return entries


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


def customers_recent(*, customer_ids: list[int]) -> list[Customer]:
    """The customers a clerk opened lately, in that order; merged-away or deleted ones drop out. One query."""
    found = Customer.objects.filter(merged_into__isnull=True).select_related("home_store").in_bulk(customer_ids)
    return [found[pk] for pk in customer_ids if pk in found]


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
