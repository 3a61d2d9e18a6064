"""Reads of orders that the account pages, the clerk console and the API share."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum, Value, prefetch_related_objects
from django.db.models.functions import Coalesce

from catalog.models import Variant
from customers.models import Customer
from inventory.models import Location, OpeningHours
from inventory.selectors import LocationAvailability, availability_by_variant, pickup_label, pickup_ready_at
from orders.models import Cart, CartLine, Order, OrderEvent, OrderLine


def orders_for_customer(customer: Customer, *, channel: str | None = None) -> QuerySet[Order]:
    """A customer's orders from every channel, newest first, with their lines and store in two queries."""
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


def last_order_at_by_customer(*, customer_ids: Iterable[int]) -> dict[int, datetime]:
    """When each of these customers last ordered (any channel); one query."""
    rows = Order.objects.filter(customer_id__in=list(customer_ids)).values("customer_id")
    return {row["customer_id"]: row["last"] for row in rows.annotate(last=Max("placed_at")).order_by()}


# ---- Carts and checkout: what the shopper has, and where it can come from. ----


def promisable_by_variant(*, variant_ids: Iterable[int]) -> dict[int, int]:
    """Most units of each variant that one location can promise online (an order is served from one place)."""
    availability = availability_by_variant(variant_ids=variant_ids)
    return {vid: max((row.online for row in rows), default=0) for vid, rows in availability.items()}


@dataclass(frozen=True)
class CartRow:
    line: CartLine
    variant: Variant
    quantity: int
    unit_price: Decimal
    price_when_added: Decimal
    sellable: bool
    available: int

    @property
    def sku(self) -> str:
        return self.variant.sku

    @property
    def name(self) -> str:
        return str(self.variant)

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.unit_price != self.price_when_added


@dataclass(frozen=True)
class CartSummary:
    cart: Cart | None
    rows: list[CartRow]

    @property
    def total(self) -> Decimal:
        return sum((row.line_total for row in self.rows if row.sellable), Decimal("0.00"))

    @property
    def count(self) -> int:
        return sum(row.quantity for row in self.rows)

    @property
    def wanted(self) -> dict[int, int]:
        return {row.variant.pk: row.quantity for row in self.rows if row.sellable}

    @property
    def skus(self) -> dict[int, str]:
        return {row.variant.pk: row.sku for row in self.rows}


def cart_summary(*, cart: Cart | None) -> CartSummary:
    """The cart's lines at today's prices, with what changed and what can be promised; two queries."""
    if cart is None:
        return CartSummary(cart=None, rows=[])
    lines = list(CartLine.objects.filter(cart=cart).select_related("variant__product").order_by("added_at", "pk"))
    promisable = promisable_by_variant(variant_ids=[line.variant_id for line in lines]) if lines else {}
    rows = [
        CartRow(
            line=line,
            variant=line.variant,
            quantity=line.quantity,
            unit_price=line.variant.price,
            price_when_added=line.price_when_added,
            sellable=line.variant.is_active and line.variant.product.is_active,
            available=promisable.get(line.variant_id, 0),
        )
        for line in lines
    ]
    return CartSummary(cart=cart, rows=rows)


def cart_count(*, cart_id: int | None) -> int:
    """Units in a cart, for the header; one query."""
    if cart_id is None:
        return 0
    return CartLine.objects.filter(cart_id=cart_id).aggregate(n=Coalesce(Sum("quantity"), 0))["n"]


@dataclass(frozen=True)
class Missing:
    sku: str
    wanted: int
    available: int


@dataclass(frozen=True)
class StoreChoice:
    """A pickup store at checkout: where the units would come from and when they are ready, or what is missing."""

    location: Location
    source: Location | None
    ready_at: datetime | None
    label: str
    missing: list[Missing]

    @property
    def selectable(self) -> bool:
        return self.source is not None and self.ready_at is not None

    @property
    def ship_to_store(self) -> bool:
        return self.source is not None and self.source.pk != self.location.pk


def _online_at(availability: dict[int, list], at: int) -> dict[int, int]:
    return {vid: next((r.online for r in rows if r.location.pk == at), 0) for vid, rows in availability.items()}


def _missing(wanted: dict[int, int], skus: dict[int, str], online: dict[int, int]) -> list[Missing]:
    return [
        Missing(sku=skus.get(vid, str(vid)), wanted=qty, available=online.get(vid, 0))
        for vid, qty in wanted.items()
        if online.get(vid, 0) < qty
    ]


def _first_with_everything(wanted: dict[int, int], availability: dict[int, list], *, kind: str) -> Location | None:
    """The first location of this kind, by name, that can promise every wanted unit online."""
    locations = {r.location.pk: r.location for rows in availability.values() for r in rows if r.location.kind == kind}
    for location in sorted(locations.values(), key=lambda loc: loc.name):
        if not _missing(wanted, {}, _online_at(availability, location.pk)):
            return location
    return None


# Every checkout reads its store's rows: written once, unordered (they go into a dict).
STORE_LEVELS = (
    "SELECT variant_id, on_hand, reserved, online_buffer FROM inventory_stocklevel "
    "WHERE location_id = %s AND variant_id = ANY(%s::bigint[])"
)


def _store_availability(store: Location, wanted: dict[int, int]) -> dict[int, list]:
    """`availability_by_variant` of the store's own rows when it has everything (checkout's usual case), else all."""
    with connection.cursor() as cursor:
        cursor.execute(STORE_LEVELS, [store.pk, list(wanted)])
        availability = {
            vid: [LocationAvailability(store, on_hand, reserved, store.default_online_buffer if own is None else own)]
            for vid, on_hand, reserved, own in cursor.fetchall()
        }
    if store.is_active and not _missing(wanted, {}, _online_at(availability, store.pk)):
        return availability
    return availability_by_variant(variant_ids=list(wanted))


def pickup_choice(*, location: Location, wanted: dict[int, int], skus: dict[int, str], now: datetime) -> StoreChoice:
    """One pickup store's entry of pickup's `pickup_choices`, for checkout, which knows the store: one query when the
    store has everything, two when not (none for the opening hours when the caller prefetched them)."""
    availability = _store_availability(location, wanted) if wanted else {}
    prefetch_related_objects([location], Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
    return store_choice(location, wanted=wanted, skus=skus, availability=availability, now=now)


def store_choice(
    store: Location, *, wanted: dict[int, int], skus: dict[int, str], availability: dict[int, list], now: datetime
) -> StoreChoice:
    """The store's own stock first, else the first warehouse with everything (ready later), else what is missing."""
    missing = _missing(wanted, skus, _online_at(availability, store.pk))
    source, ready_at = None, None
    if wanted and not missing:
        source, ready_at = store, pickup_ready_at(location=store, now=now)
    elif wanted:
        source = _first_with_everything(wanted, availability, kind=Location.Kind.WAREHOUSE)
        if source is not None:
            ready_at = pickup_ready_at(location=store, now=now + timedelta(days=settings.SHIP_TO_STORE_DAYS))
    label = pickup_label(ready_at if source is not None else None, now)
    return StoreChoice(location=store, source=source, ready_at=ready_at, label=label, missing=missing)


def ship_source(*, wanted: dict[int, int]) -> Location | None:
    """Where a shipped order comes from: the warehouse when it has everything, else a store that has (ship from store)."""
    availability = availability_by_variant(variant_ids=list(wanted))
    warehouse = _first_with_everything(wanted, availability, kind=Location.Kind.WAREHOUSE)
    return warehouse or _first_with_everything(wanted, availability, kind=Location.Kind.STORE)


# ---- One order, for its owner or for staff. ----


def order_detail(*, number: str, customer: Customer | None = None, prefetch: Iterable[Prefetch] = ()) -> Order:
    """One order with its lines, store (and opening hours) and history; DoesNotExist unless it is the customer's.

    `prefetch` lets an app above add what it keeps of an order (its returns) in the same read."""
    orders = Order.objects.select_related("location", "customer").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("pk")),
        Prefetch("location__opening_hours", queryset=OpeningHours.objects.order_by("weekday")),
        Prefetch("events", queryset=OrderEvent.objects.order_by("at", "pk")),
        *prefetch,
    )
    if customer is not None:
        orders = orders.filter(customer=customer)
    return orders.get(number=number)


def orders_for_staff() -> QuerySet[Order]:
    """Every order, newest first, with customer and store, for the staff API and its filters."""
    return (
        Order.objects.select_related("location", "customer")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("-placed_at", "-pk")
    )


def last_shipping_address(*, customer: Customer) -> dict | None:
    """The address the customer last had an order delivered to, as it was written on that order; None if never."""
    return (
        Order.objects.filter(customer=customer, fulfilment=Order.Fulfilment.SHIP)
        .order_by("-placed_at")
        .values_list("shipping_address", flat=True)
        .first()
    )
