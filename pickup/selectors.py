"""Reads of the pickup desk: the store's queue, one pickup for the counter or the shopper, and open windows."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from customers.models import Customer
from inventory.models import Location, OpeningHours
from orders.models import Order, OrderLine
from orders.services import order_step_refusal
from payments.models import PaymentRefund
from pickup.models import REFUSED_KEY_PREFIX, Pickup, PickupSchedule, PickupSlot
from transfers.models import Transfer

# Queue groups, in the order a clerk works them.
QUEUE_GROUPS = [Pickup.Status.PLACED, Pickup.Status.PICKING, Pickup.Status.READY]
# The desk's steps, in the order a clerk takes them, and the order status each one leads to.
DESK_STEPS = {"picking": Order.Status.PICKING, "ready": Order.Status.READY, "cancel": Order.Status.CANCELLED}
# Steps that need the order's units on the store's shelf.
SHELF_STEPS = ("picking", "ready")


def pickups_for_staff() -> QuerySet[Pickup]:
    """Pickups with their order (and its transfer), customer and store, and the number of units; for the queue,
    the API and the desk's steps."""
    return (
        Pickup.objects.select_related("order", "order__customer", "order__transfer__source", "location")
        .annotate(items=Count("order__lines", filter=Q(order__lines__refused=False)))
        .order_by("ready_by", "pk")
    )


def pickup_overdue_q(*, now: datetime) -> Q:
    """Late at the desk: promised by now but not ready yet, or ready and its hold has ended."""
    waiting = Q(status__in=[Pickup.Status.PLACED, Pickup.Status.PICKING], ready_by__lte=now)
    return waiting | Q(status=Pickup.Status.READY, hold_until__lte=now)


def pickup_awaited_transfer(*, pickup: Pickup) -> Transfer | None:
    """The transfer a ship-to-store pickup still waits for; None once its units are at the store (or it has none)."""
    transfer = pickup.order.transfer
    if transfer is None or transfer.status == Transfer.Status.RECEIVED:
        return None
    return transfer


def pickup_expected(*, pickup: Pickup) -> datetime | None:
    """When a pickup waiting for its transfer is expected ready: what the shopper was promised, travel included."""
    return pickup.order.ready_at or pickup.ready_by


def pickup_steps(*, pickup: Pickup) -> list[str]:
    """The desk steps (DESK_STEPS) that can be taken on this pickup now: the one rule the queue offers and the
    desk's services keep. What the order's status machine allows, and nothing to pick or make ready while a
    transfer is still bringing the units. Needs the pickup as `pickups_for_staff` reads it (no further query)."""
    waiting = pickup_awaited_transfer(pickup=pickup) is not None
    return [
        step
        for step, to in DESK_STEPS.items()
        if not (waiting and step in SHELF_STEPS) and order_step_refusal(order=pickup.order, to=to) is None
    ]


@dataclass
class QueueRow:
    pickup: Pickup
    due: bool  # ready-by time has come and it is not ready yet
    overdue: bool  # ready, and its hold ends within a day, or ended
    steps: list[str]  # the desk steps it offers (pickup_steps)
    awaits: Transfer | None = None  # the transfer still bringing its units
    expected: datetime | None = None  # when, if it awaits one


@dataclass
class Queue:
    location: Location
    groups: dict[str, list[QueueRow]]

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.groups.values())


def pickup_queue(*, location: Location, now: datetime | None = None) -> Queue:
    """A store's open pickups grouped by status, due and overdue flagged; one query whatever the queue's length."""
    now = now or timezone.now()
    groups: dict[str, list[QueueRow]] = {status: [] for status in QUEUE_GROUPS}
    for pickup in pickups_for_staff().filter(location=location, status__in=QUEUE_GROUPS):
        due = pickup.status != Pickup.Status.READY and pickup.ready_by is not None and pickup.ready_by <= now
        overdue = (
            pickup.status == Pickup.Status.READY
            and pickup.hold_until is not None
            and (pickup.hold_until <= now + timedelta(days=1))
        )
        awaits = pickup_awaited_transfer(pickup=pickup)
        groups[pickup.status].append(
            QueueRow(
                pickup=pickup,
                due=due,
                overdue=overdue,
                steps=pickup_steps(pickup=pickup),
                awaits=awaits,
                expected=pickup_expected(pickup=pickup) if awaits else None,
            )
        )
    return Queue(location=location, groups=groups)


# What a pick list holds: the orders still to pick.
TO_PICK = (Pickup.Status.PLACED, Pickup.Status.PICKING)


def pick_lines(*, queue: Queue) -> dict[int, list[OrderLine]]:
    """What to pick for every order in the queue, by order id; one query whatever the queue's length."""
    order_ids = [row.pickup.order_id for rows in queue.groups.values() for row in rows]
    lines: dict[int, list[OrderLine]] = {}
    for line in (
        OrderLine.objects.filter(order_id__in=order_ids, refused=False).select_related("variant").order_by("sku", "pk")
    ):
        lines.setdefault(line.order_id, []).append(line)
    return lines


def queue_with_pick_lines(*, queue: Queue) -> list[tuple[str, list[tuple[QueueRow, list[OrderLine]]]]]:
    """The queue's groups, each row with its pick list."""
    lines = pick_lines(queue=queue)
    return [
        (status, [(row, lines.get(row.pickup.order_id, [])) for row in rows]) for status, rows in queue.groups.items()
    ]


def pick_list(*, queue: Queue) -> list[tuple[QueueRow, list[OrderLine]]]:
    """Every order still to pick at the store, with its lines: the page a clerk prints and carries round the shelves."""
    lines = pick_lines(queue=queue)
    return [(row, lines.get(row.pickup.order_id, [])) for status in TO_PICK for row in queue.groups.get(status, [])]


def pickup_for_counter(*, pickup_id: int) -> Pickup:
    """One pickup with what the counter shows: order lines, customer, payment; three queries."""
    return (
        Pickup.objects.select_related("order", "order__customer", "location", "handed_over_by")
        .prefetch_related(Prefetch("order__lines", queryset=OrderLine.objects.order_by("pk")))
        .get(pk=pickup_id)
    )


def refused_lines_refund(*, order_number: str) -> PaymentRefund | None:
    """The card refund written when lines were refused at this order's handover (none for an order paid in store)."""
    return PaymentRefund.objects.filter(key=f"{REFUSED_KEY_PREFIX}{order_number}").first()


def pickup_of_order(*, order_id: int) -> Pickup | None:
    """The pickup of an order, for the shopper's page and the API; None for other orders."""
    return (
        Pickup.objects.select_related("location", "slot")
        .prefetch_related(Prefetch("location__opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
        .filter(order_id=order_id)
        .first()
    )


def open_pickups_for_customer(*, customer: Customer) -> list[Order]:
    """Pickup orders the customer has yet to collect, soonest placed first."""
    return list(
        Order.objects.filter(
            customer=customer, fulfilment=Order.Fulfilment.PICKUP, status__in=Order.OPEN_PICKUP_STATUSES
        )
        .select_related("location")
        .order_by("placed_at", "pk")
    )


def pickups_ready_for_customer(*, customer_id: int) -> list[Pickup]:
    """The shopper's pickups waiting at a store, soonest hold end first: the account's first page shows each with its
    code. One query."""
    return list(
        Pickup.objects.select_related("location", "order")
        .filter(order__customer_id=customer_id, status=Pickup.Status.READY)
        .order_by("hold_until", "pk")
    )


# ---- Windows ----


@dataclass(frozen=True)
class Window:
    starts_at: datetime
    ends_at: datetime
    remaining: int

    @property
    def value(self) -> str:
        return self.starts_at.isoformat()

    @property
    def label(self) -> str:
        return f"{self.starts_at:%a %-d %b %H:%M}–{self.ends_at:%H:%M}"


def _hours(location: Location) -> dict[int, OpeningHours]:
    return {h.weekday: h for h in location.opening_hours.all()}


def pickup_windows(
    *,
    location: Location,
    schedule: PickupSchedule,
    after: datetime | None,
    include_full: bool = False,
    booked: dict[datetime, int] | None = None,
    now: datetime | None = None,
) -> list[Window]:
    """The store's windows inside its opening hours (store clock) that start at or after `after`, with room left."""
    now = now or timezone.now()
    after = max(after or now, now)
    tz = ZoneInfo(location.timezone)
    hours = _hours(location)
    length = timedelta(minutes=schedule.window_minutes)
    start_day = after.astimezone(tz).date()
    if booked is None:
        booked = dict(
            PickupSlot.objects.filter(
                location=location, starts_at__gte=after, starts_at__lt=after + timedelta(days=schedule.days_ahead + 1)
            ).values_list("starts_at", "booked")
        )
    windows = []
    for offset in range(schedule.days_ahead + 1):
        day = start_day + timedelta(days=offset)
        interval = hours.get(day.weekday())
        if interval is None:
            continue
        start = datetime.combine(day, interval.opens, tzinfo=tz)
        closes = datetime.combine(day, interval.closes, tzinfo=tz)
        while start + length <= closes:
            if start >= after:
                remaining = schedule.capacity - booked.get(start, 0)
                if remaining > 0 or include_full:
                    windows.append(Window(starts_at=start, ends_at=start + length, remaining=max(remaining, 0)))
            start += length
    return windows


def windows_by_location(*, ready: dict[int, datetime | None], now: datetime | None = None) -> dict[int, list[Window]]:
    """Open windows of each store with a schedule, after each store's ready time; three queries for any number."""
    now = now or timezone.now()
    schedules = list(
        PickupSchedule.objects.filter(location_id__in=list(ready), is_active=True)
        .select_related("location")
        .prefetch_related(Prefetch("location__opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
    )
    if not schedules:
        return {}
    slots = PickupSlot.objects.filter(
        location_id__in=[s.location_id for s in schedules], starts_at__gte=now
    ).values_list("location_id", "starts_at", "booked")
    booked: dict[int, dict[datetime, int]] = {}
    for location_id, starts_at, count in slots:
        booked.setdefault(location_id, {})[starts_at] = count
    return {
        s.location_id: pickup_windows(
            location=s.location,
            schedule=s,
            after=ready[s.location_id],
            booked=booked.get(s.location_id, {}),
            now=now,
        )
        for s in schedules
        if ready[s.location_id] is not None
    }


def pickup_for_shopper(*, order_id: int) -> dict:
    """What the shopper's order page shows of the pickup: status, window, and once ready the code and its QR."""
    from pickup.qr import pickup_qr_svg

    pickup = pickup_of_order(order_id=order_id)
    if pickup is None:
        return {"pickup": None, "pickup_qr": ""}
    ready = pickup.status == Pickup.Status.READY
    return {"pickup": pickup, "pickup_qr": pickup_qr_svg(code=pickup.code) if ready else ""}
