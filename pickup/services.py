"""Every write of the pickup desk: open a pickup with its code (and window), follow the order, hand over, expire.

Pickup changes the order only through the order services; the order tells pickup of each change with
`orders.signals.order_status_changed`, received in `pickup.receivers`, so a pickup follows an order whichever
surface moved it (the desk, the admin, payment expiry). Locks are taken in the one order: order → stock levels →
reservations → pickup → pickup slot.
"""

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

from core.formatting import money_format
from core.rows import one_built
from core.transactions import atomic_unless_inside, insert_unless_taken
from inventory.models import Location
from orders.models import Order
from orders.services import (
    COUNTER_METHODS,
    order_cancel,
    order_complete,
    order_lines_refuse,
    order_lock,
    order_payment_at_counter,
    order_transition,
)
from payments.exceptions import RefundRefused
from payments.services import refund_write
from pickup import notifications
from pickup.exceptions import (
    PaymentRequired,
    PickupAwaitsTransfer,
    PickupCodeNotFound,
    PickupNotReady,
    SlotFull,
    SlotInvalid,
    TooManyCodeAttempts,
)
from pickup.hold import pickup_hold_end
from pickup.models import REFUSED_KEY_PREFIX, CodeAttempt, Pickup, PickupSchedule, PickupSlot
from pickup.selectors import (
    SHELF_STEPS,
    pickup_awaited_transfer,
    pickup_expected,
    pickup_steps,
    pickup_windows,
    pickups_for_staff,
)

log = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code read aloud or typed from a phone screen has one spelling.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# A store's code limit is this many times a clerk's (several clerks share a counter).
STORE_ATTEMPTS_FACTOR = 3
# Every checkout for pickup asks it: written once rather than built by the ORM per order (nor by its raw()).
SCHEDULE_FIELDS = PickupSchedule._meta.concrete_fields
ACTIVE_SCHEDULE = (
    f"SELECT {', '.join(f.column for f in SCHEDULE_FIELDS)} FROM pickup_pickupschedule "  # noqa: S608
    "WHERE location_id = %s AND is_active ORDER BY id LIMIT 1"
)

P = Pickup.Status
STATUS_FOR_ORDER = {
    Order.Status.PENDING: P.PENDING,
    Order.Status.PLACED: P.PLACED,
    Order.Status.PICKING: P.PICKING,
    Order.Status.READY: P.READY,
    Order.Status.COMPLETED: P.COLLECTED,
    Order.Status.CANCELLED: P.CANCELLED,
    Order.Status.EXPIRED: P.EXPIRED,
}
# What the clerk pays with, in the API's words, as the order's payment method.
PAYMENT_METHODS = {"cash": Order.PaymentMethod.CASH, "card": Order.PaymentMethod.CARD_PRESENT}


def code_normalize(raw: str) -> str:
    """What the clerk typed or the scanner read, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in str(raw or "").upper() if ch.isalnum())[:16]


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _lock_pickup(*, order_id: int) -> Pickup | None:
    return Pickup.objects.select_for_update(of=("self",), no_key=True).filter(order_id=order_id).first()


# ---- Windows ----


def _active_schedule(location: Location) -> PickupSchedule | None:
    return one_built(PickupSchedule, ACTIVE_SCHEDULE, [location.pk])


def pickup_slot_book(*, location: Location, starts_at: datetime | None, ready_at: datetime | None) -> PickupSlot | None:
    """Take one place in a window the store offers after the order's ready time; None for a store without windows.

    The place is taken with one conditional UPDATE (booked < capacity), so of many buyers for the last place
    exactly one gets it, whatever the timing; the others get SlotFull and their order is not placed.
    """
    schedule = _active_schedule(location)
    if schedule is None:
        if starts_at is not None:
            raise SlotInvalid(gettext("%(store)s does not offer pickup windows.") % {"store": location.name})
        return None
    if starts_at is None:
        raise SlotInvalid(gettext("Choose a pickup window at %(store)s.") % {"store": location.name})
    window = next(
        (
            w
            for w in pickup_windows(location=location, schedule=schedule, after=ready_at, include_full=True)
            if w.starts_at == starts_at
        ),
        None,
    )
    if window is None:
        raise SlotInvalid(gettext("That pickup window is not on offer. Please choose one from the list."))
    PickupSlot.objects.bulk_create(
        [PickupSlot(location=location, starts_at=window.starts_at, ends_at=window.ends_at, capacity=schedule.capacity)],
        ignore_conflicts=True,
    )
    taken = PickupSlot.objects.filter(location=location, starts_at=window.starts_at, booked__lt=F("capacity")).update(
        booked=F("booked") + 1
    )
    if not taken:
        raise SlotFull()
    return PickupSlot.objects.get(location=location, starts_at=window.starts_at)


def _slot_free(pickup: Pickup) -> None:
    if pickup.slot_id:
        PickupSlot.objects.filter(pk=pickup.slot_id, booked__gt=0).update(booked=F("booked") - 1)


# ---- Opening and following ----


@atomic_unless_inside
def pickup_open(
    *,
    order: Order,
    slot_start: datetime | None = None,
    status: str | None = None,
    book_slot: bool = True,
    new_order: bool = False,
) -> Pickup:
    """The desk record of a pickup order, with a fresh code (and its window); a second call returns the first.

    `order_placed` opens it at checkout; an order that predates this (or was loaded in bulk) gets one lazily,
    without a window, the first time it changes status. Inside a caller's transaction it takes no savepoint of its
    own: SlotInvalid and SlotFull come before anything is written but the window's row (empty until booked, the same
    whoever books it first), and a code drawn twice is drawn again without failing the statement. `new_order`: the order was
    written in the caller's transaction, so it has no pickup yet and none is looked for.
    """
    existing = None if new_order else Pickup.objects.filter(order=order).first()
    if existing is not None:
        return existing
    slot = None
    if book_slot:
        slot = pickup_slot_book(location=order.location, starts_at=slot_start, ready_at=order.ready_at)
    opened = STATUS_FOR_ORDER[status or order.status]
    for _ in range(20):
        pickup = Pickup(
            order=order,
            location=order.location,
            status=opened,
            code=_new_code(),
            ready_by=slot.starts_at if slot else order.ready_at,
            slot=slot,
        )
        if opened == P.READY:  # an order already ready (loaded in bulk): held from now, as if made ready now
            _hold_start(pickup, now=timezone.now())
        if insert_unless_taken(pickup):
            return pickup
        # the code is in use at this store: draw another
    raise RuntimeError("No free pickup code after 20 draws")


def _hold_start(pickup: Pickup, *, now: datetime) -> None:
    """Ready from `now`, held to the store's closing time on its PICKUP_HOLD_DAYS-th opening day after today."""
    pickup.ready_at = now
    pickup.hold_until = pickup_hold_end(location=pickup.location, ready_at=now, days=settings.PICKUP_HOLD_DAYS)


def pickup_follow_order(*, order: Order, from_status: str, actor=None) -> Pickup:
    """Bring the pickup in step with its (locked) order: times, hold, notices, the freed window place."""
    pickup = _lock_pickup(order_id=order.pk)
    if pickup is None:
        pickup_open(order=order, status=from_status, book_slot=False)
        pickup = _lock_pickup(order_id=order.pk)
    to = STATUS_FOR_ORDER[order.status]
    if pickup.status == to:
        return pickup
    now = timezone.now()
    pickup.status = to
    if to == P.READY:
        _hold_start(pickup, now=now)
    elif to == P.COLLECTED:
        pickup.collected_at = now
        pickup.handed_over_by = actor if getattr(actor, "pk", None) else None
    elif to in (P.CANCELLED, P.EXPIRED):
        _slot_free(pickup)
    pickup.save()
    if to == P.READY:
        notifications.pickup_ready_send(pickup=pickup)
    return pickup


# ---- The desk's steps (each through the order services) ----


def _desk_step_check(*, pickup: Pickup, step: str) -> None:
    """The desk takes only the steps `pickup_steps` offers: a pickup whose transfer is still on its way is refused
    here, naming it; any other refusal is the order status machine's own, with its reason."""
    current = pickups_for_staff().get(pk=pickup.pk)
    if step in pickup_steps(pickup=current):
        return
    transfer = pickup_awaited_transfer(pickup=current)
    if transfer is not None and step in SHELF_STEPS:
        expected = pickup_expected(pickup=current)
        raise PickupAwaitsTransfer(
            number=current.order.number,
            transfer=transfer.number,
            expected=date_format(timezone.localtime(expected), "D j M") if expected else "",
        )


def pickup_start_picking(*, pickup: Pickup, actor=None) -> Pickup:
    """A clerk takes the order off the queue to collect its items (once they are all at the store)."""
    _desk_step_check(pickup=pickup, step="picking")
    order_transition(order=pickup.order, to=Order.Status.PICKING, actor=actor, message="picking_started")
    return Pickup.objects.select_related("order").get(pk=pickup.pk)


def pickup_mark_ready(*, pickup: Pickup, actor=None) -> Pickup:
    """Everything is on the shelf behind the counter: the shopper is told by email and SMS, the hold starts."""
    _desk_step_check(pickup=pickup, step="ready")
    order_transition(order=pickup.order, to=Order.Status.READY, actor=actor, message="ready_for_pickup")
    return Pickup.objects.select_related("order").get(pk=pickup.pk)


def pickup_cancel(*, pickup: Pickup, actor=None, note: str = "", reason: str = "") -> Pickup:
    """The store calls it off: the units go back on the shelf and the window place is freed. `reason`: why, in the
    words of the member of staff at the desk (the history says "Cancelled at the pickup desk: <reason>" in the
    reader's language); `note`: a note of the caller's own, kept as written."""
    _desk_step_check(pickup=pickup, step="cancel")
    if note:
        order_cancel(order=pickup.order, actor=actor, note=note)
    elif reason:
        order_cancel(order=pickup.order, actor=actor, message="cancelled_at_desk_because", params={"reason": reason})
    else:
        order_cancel(order=pickup.order, actor=actor, message="cancelled_at_desk")
    return Pickup.objects.select_related("order").get(pk=pickup.pk)


# Each desk step: the permission it needs and the service that takes it.
DESK_STEP_SERVICES = {
    "picking": ("pickup.prepare_pickup", pickup_start_picking),
    "ready": ("pickup.prepare_pickup", pickup_mark_ready),
    "cancel": ("pickup.cancel_pickup", pickup_cancel),
}


@transaction.atomic
def pickup_collect(
    *, pickup: Pickup, actor, payment: str | None = None, refused_line_ids: Iterable[int] = ()
) -> Pickup:
    """Hand over at the counter: refused lines back on the shelf, payment taken if due, then collected.

    The order is locked first, so an expiry run at the same moment either finds it collected or makes this fail.
    """
    order = order_lock(order_id=pickup.order_id)
    locked = _lock_pickup(order_id=order.pk)
    if locked is None or locked.status != P.READY:
        label = locked.get_status_display().lower() if locked else order.get_status_display().lower()
        raise PickupNotReady(number=order.number, status_label=label)
    refused = list(refused_line_ids)
    if refused:
        before = order.total
        order = order_lines_refuse(order=order, line_ids=refused, actor=actor)
        if before > order.total and order.stripe_payment_intent_id and order.amount_paid > 0:
            # Paid by card online: what the shopper did not take goes back to the card once this commits.
            _refund_refused(order=order, amount=before - order.total)
    if not order.is_paid:
        if not payment:
            raise PaymentRequired(number=order.number, total=money_format(order.total, order.currency))
        method = PAYMENT_METHODS.get(payment, payment)
        if method not in COUNTER_METHODS:
            raise PaymentRequired(number=order.number, total=money_format(order.total, order.currency))
        order = order_payment_at_counter(order=order, method=method, actor=actor)
    order_complete(order=order, actor=actor, message="collected")
    return Pickup.objects.select_related("order", "handed_over_by").get(pk=locked.pk)


# ---- The code at the counter ----


def pickup_find_by_code(*, code: str, location: Location, user, ip: str = "") -> Pickup:
    """The open pickup with this code at the clerk's store; wrong codes are counted, and past the limit refused.

    Failures are rows (per clerk and per store) so that every web process sees the same count; the store's
    row is an advisory lock key, so parallel guesses are counted one after another.
    """
    normalized = code_normalize(code)
    window = timedelta(minutes=settings.PICKUP_CODE_WINDOW)
    limit = settings.PICKUP_CODE_ATTEMPTS
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, location.pk])
        since = timezone.now() - window
        by_user = CodeAttempt.objects.filter(user=user, at__gte=since).count()
        by_store = CodeAttempt.objects.filter(location=location, at__gte=since).count()
        if by_user >= limit or by_store >= limit * STORE_ATTEMPTS_FACTOR:
            log.warning(
                "pickup code attempts limited",
                extra={"user_id": user.pk, "location_id": location.pk, "ip": ip, "failures": by_user},
            )
            raise TooManyCodeAttempts(minutes=settings.PICKUP_CODE_WINDOW)
        pickup = None
        if len(normalized) == CODE_LENGTH and set(normalized) <= set(CODE_ALPHABET):
            pickup = (
                Pickup.objects.select_related("order", "order__customer", "location")
                .filter(location=location, code=normalized, status__in=Pickup.OPEN_STATUSES)
                .first()
            )
        if pickup is None:
            CodeAttempt.objects.create(user=user, location=location)
    if pickup is None:
        log.info("pickup code not found", extra={"user_id": user.pk, "location_id": location.pk, "ip": ip})
        raise PickupCodeNotFound()
    return pickup


# ---- Beat: reminders and expiry ----


def pickup_reminders_send(*, now: datetime | None = None) -> int:
    """Remind shoppers whose hold ends within PICKUP_REMINDER_BEFORE hours; each pickup once (outbox key)."""
    now = now or timezone.now()
    soon = now + timedelta(hours=settings.PICKUP_REMINDER_BEFORE)
    due = Pickup.objects.filter(status=P.READY, hold_until__gt=now, hold_until__lte=soon).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            sent += notifications.pickup_reminder_send(pickup_id=pk)
    return sent


def _refund_refused(*, order: Order, amount: Decimal) -> None:
    """The refund is written with the handover and asked of Stripe after the commit (payments asks again if that
    is lost). Nothing left to refund (staff refunded already) leaves the handover standing: the order's history
    names the amount."""
    try:
        refund_write(order=order, amount=amount, key=_refused_key(order))
    except RefundRefused as exc:
        log.warning("Refused lines of %s not refunded to the card: %s", order.number, exc)


def _refused_key(order: Order) -> str:
    return f"{REFUSED_KEY_PREFIX}{order.number}"  # a pickup is handed over once: one refund of refused lines per order


def pickups_expire(*, now: datetime | None = None) -> list[str]:
    """Cancel as expired the ready pickups not collected by their hold: stock back, card refunded, shopper told.

    Each in its own transaction with the order locked first; a second run at once, or a handover in the same
    second, waits for the lock and then finds nothing left to do. Returns the order numbers it expired.
    """
    now = now or timezone.now()
    due = list(
        Pickup.objects.filter(status=P.READY, hold_until__lt=now)
        .order_by("order_id")
        .values_list("order_id", flat=True)
    )
    return [number for order_id in due if (number := pickup_expire(order_id=order_id, now=now))]


@transaction.atomic
def pickup_expire(*, order_id: int, now: datetime) -> str | None:
    """Expire one pickup if it is still ready past its hold at `now`; its order number, or None when not."""
    order = order_lock(order_id=order_id)
    pickup = _lock_pickup(order_id=order_id)
    if pickup is None or pickup.status != P.READY or pickup.hold_until >= now:
        return None
    # The card money goes back through the order's closing (payments writes its refund in this transaction).
    order_transition(order=order, to=Order.Status.EXPIRED, message="not_collected")
    notifications.pickup_expired_send(pickup_id=pickup.pk)
    return order.number
