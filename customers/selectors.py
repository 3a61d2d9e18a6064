"""Reads of customers for staff: find a customer from what they tell the clerk, and everything about them on one page."""

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Upper

from catalog.models import Variant
from customers.models import Customer, TimelineEvent, WishlistItem
from customers.normalize import normalize_card, normalize_email, normalize_phone
from inventory.models import Location
from inventory.selectors import LocationAvailability, availability_by_variant
from loyalty.models import PointsEntry
from orders.models import Order, OrderLine

# What a clerk may type for a phone or card number: digits and the separators people put between them.
NUMBER_LIKE = re.compile(r"^\+?[\d\s\-().]+$")
# Word similarity needs a few letters to mean anything; shorter names are matched as a prefix of a word.
MIN_TRIGRAM_LENGTH = 3
WORD_SIMILARITY_THRESHOLD = 0.5
ORDER_HISTORY_LIMIT = 50
TIMELINE_LIMIT = 50
# How many merges a chain of tombstones may have before we stop following it (a guard, not a business rule).
MAX_MERGE_HOPS = 10
# Orders that never became a sale do not count towards what the customer spent.
UNSOLD_STATUSES = (Order.Status.PENDING, Order.Status.CANCELLED, Order.Status.EXPIRED)


class LookupKind:
    EMAIL = "email"
    NUMBER = "number"
    NAME = "name"


def lookup_kind(*, query: str) -> str:
    """What the clerk typed, so each kind is matched exactly on its own index (and logged without the value)."""
    if "@" in query:
        return LookupKind.EMAIL
    if NUMBER_LIKE.match(query) and sum(ch.isdigit() for ch in query) >= 4:
        return LookupKind.NUMBER
    return LookupKind.NAME


def _last_order_at() -> Subquery:
    latest = Order.objects.filter(customer=OuterRef("pk")).order_by("-placed_at").values("placed_at")[:1]
    return Subquery(latest)


def customer_lookup(*, query: str, country: str = "NO", limit: int = 20) -> list[Customer]:
    """Customers matching an email, a phone or card number in any common format, or a name with typos."""
    query = " ".join((query or "").split())
    if not query:
        return []
    customers = (
        Customer.objects.filter(merged_into__isnull=True)
        .select_related("home_store")
        .annotate(last_order_at=_last_order_at())
    )
    kind = lookup_kind(query=query)
    if kind == LookupKind.EMAIL:
        customers = customers.filter(email=normalize_email(query))
    elif kind == LookupKind.NUMBER:
        # "22334455" may be a phone number or the start of a card number: ask both indexes in one go.
        phone = normalize_phone(query, country=country)
        card = normalize_card(query)
        match = Q(card_number=card)
        if phone:
            match |= Q(phone=phone)
        customers = customers.filter(match)
    else:
        return _customers_by_name(customers, name=query.upper(), limit=limit)
    return list(customers[:limit])


def _customers_by_name(customers, *, name: str, limit: int) -> list[Customer]:
    """Names containing what was typed first; only when those run short, names with typos, word by word.

    Both steps use the GIN trigram index on UPPER(full_name). Asking for typos only as a fallback, and
    requiring every typed word to be similar to a word of the name, keeps the candidate set small even
    for common first names at 100,000 customers.
    """
    customers = customers.alias(upper_name=Upper("full_name")).annotate(
        similarity=TrigramWordSimilarity(Value(name), Upper("full_name"))
    )
    ranking = ("-similarity", "last_name", "first_name", "pk")
    found = list(customers.filter(upper_name__contains=name).order_by(*ranking)[:limit])
    words = [word for word in name.split() if len(word) >= MIN_TRIGRAM_LENGTH]
    if len(found) >= limit or not words:
        return found
    typos = Q()
    for word in words:
        typos &= Q(upper_name__trigram_word_similar=word)
    more = customers.filter(typos).exclude(pk__in=[c.pk for c in found]).order_by(*ranking)
    with transaction.atomic(), connection.cursor() as cursor:
        # One dropped letter in a short word ("Hanen" for "Hansen") scores 0.5, under pg_trgm's default of
        # 0.6; every other typed word must match too, so the lower bar still finds few names.
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        return found + list(more[: limit - len(found)])


def customer_survivor(*, customer_id: int) -> Customer:
    """The live profile for an id: a merged-away tombstone leads to the customer it was merged into.

    Raises Customer.DoesNotExist when there is no such customer.
    """
    customer = Customer.objects.select_related("home_store").get(pk=customer_id)
    hops = 0
    while customer.merged_into_id is not None and hops < MAX_MERGE_HOPS:
        customer = Customer.objects.select_related("home_store").get(pk=customer.merged_into_id)
        hops += 1
    return customer


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
class OrderSummary:
    count: int
    last_order_at: datetime | None
    total_spent: Decimal


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


def customer_order_summary(*, customer: Customer) -> OrderSummary:
    """How many orders, the latest, and what the customer spent across all channels; one aggregate query."""
    totals = Order.objects.filter(customer=customer).aggregate(
        count=Count("pk"),
        last_order_at=Max("placed_at"),
        total_spent=Coalesce(Sum("total", filter=~Q(status__in=UNSOLD_STATUSES)), Value(Decimal("0"))),
    )
    return OrderSummary(**totals)


def customer_open_pickups(*, customer: Customer) -> list[Order]:
    """Pickup orders the customer has yet to collect, soonest placed first."""
    return list(
        Order.objects.filter(
            customer=customer, fulfilment=Order.Fulfilment.PICKUP, status__in=Order.OPEN_PICKUP_STATUSES
        )
        .select_related("location")
        .order_by("placed_at", "pk")
    )


def customer_loyalty_balance(*, customer: Customer) -> int:
    """Points balance = the sum of the ledger; 0 without an account."""
    total = PointsEntry.objects.filter(account__customer=customer).aggregate(balance=Sum("points"))["balance"]
    return total or 0


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
    orders = list(
        Order.objects.filter(customer=customer)
        .select_related("location")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("-placed_at", "-pk")[:ORDER_HISTORY_LIMIT]
    )
    timeline = list(TimelineEvent.objects.filter(customer=customer).order_by("-occurred_at", "-pk")[:TIMELINE_LIMIT])
    return CustomerOverview(**_summary_parts(customer=customer, location=location), orders=orders, timeline=timeline)


def _summary_parts(*, customer: Customer, location: Location | None) -> dict:
    return {
        "customer": customer,
        "location": location,
        "wishlist": customer_wishlist_with_stock(customer=customer, location=location),
        "order_summary": customer_order_summary(customer=customer),
        "open_pickups": customer_open_pickups(customer=customer),
        "loyalty_balance": customer_loyalty_balance(customer=customer),
    }


def staff_country(*, location: Location | None) -> str:
    """The country a number typed without a prefix belongs to: the clerk's store, else the shop's."""
    return (location.country if location is not None else "") or settings.SHOP_COUNTRY


def variant_by_code(*, code: str) -> Variant | None:
    """The variant a clerk scanned or typed: its SKU (as typed or upper-case) or its GTIN barcode."""
    code = code.strip()
    if not code:
        return None
    match = Q(sku=code) | Q(sku=code.upper())
    if code.isdigit():
        match |= Q(gtin=code)
    return Variant.objects.select_related("product").filter(match).first()
