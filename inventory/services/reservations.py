"""Stock held for orders: reserve (all lines or none), release, fulfil, and let unpaid or uncollected holds expire."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache, partial

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.transactions import atomic_unless_inside
from inventory.exceptions import InsufficientStock, ReservationConflict, ShortLine
from inventory.locks import lock_stock_levels, reservations_close, reservations_hold
from inventory.models import Location, Reservation, StockMovement
from inventory.services._ledger import (
    REFERENCE_MAX,
    StockLine,
    actor_or_none,
    check_location,
    check_text,
    flags_moved,
    merge_lines,
    skus_of,
)
from inventory.signals import reservation_expired


def stock_reserve(
    *,
    location: Location,
    lines: Sequence[StockLine],
    reference: str,
    actor=None,
    expires_at: datetime | None = None,
    fresh_reference: bool = False,
) -> list[Reservation]:
    """Hold stock for an order at one location, all lines or none, from what the web may promise.

    Idempotent per (reference, SKU): calling again with the same lines returns the same reservations and changes
    nothing; the same reference with another quantity, or after a release, is refused. With `expires_at` the
    hold is released by `stock_reservations_expire` once that time has passed (see `stock_reservation_expiry_set`).
    `fresh_reference`: the caller wrote the order this reference names in this same transaction (its number is
    unique), so nothing can be held under it yet.
    """
    check_location(location)
    wanted = merge_lines(lines)
    reference = check_text(reference, field="reference", required=True, max_length=REFERENCE_MAX)
    held = dict(reference=reference, expires_at=expires_at, now=timezone.now(), actor=_actor_id(actor))
    hold = partial(_hold, location=location, reason="Reserved for order", **held)
    inside = transaction.get_connection().in_atomic_block
    if fresh_reference or not inside:
        # One statement (its own transaction when alone) holds every line at once. Anything else but a fresh reference's
        # refusal (earlier holds, a retry racing to the unique key, a refusal it may explain) is decided under the locks.
        try:
            rows = hold(wanted)
        except IntegrityError:
            if inside:
                raise
        else:
            if (fresh_reference and inside) or (len(rows) == len(wanted) and all(r[4] == "new" for r in rows.values())):
                return _outcome(rows, wanted=wanted, location=location, reference=reference, hold=hold)
    return _reserve_locked(wanted=wanted, location=location, reference=reference, hold=hold)


@atomic_unless_inside  # every refusal comes before the first write
def _reserve_locked(*, wanted: dict[int, int], location: Location, **kwargs) -> list[Reservation]:
    lock_stock_levels(location_id=location.pk, variant_ids=wanted)  # from here on every hold on them is seen
    return _outcome(kwargs["hold"](wanted), wanted=wanted, location=location, **kwargs)


def _outcome(rows: dict, *, wanted: dict[int, int], location: Location, reference: str, hold) -> list[Reservation]:
    """The reservations, once what the holding statement found is checked: refusals first, then the lines not held
    yet written when that statement saw earlier holds and wrote nothing (the levels are locked by then)."""
    # SKUs are only for refusals: asked for when one is due, or when a variant has no stock row here (an unknown
    # variant is refused as such).
    skus = cache(partial(skus_of, wanted))
    if len(rows) < len(wanted):
        skus()
    todo: dict[int, int] = {}
    short: list[ShortLine] = []
    for vid, qty in wanted.items():
        row = rows.get(vid)
        if row and row[4] == "held":
            previous = _reservation(row)
            if previous.status != Reservation.Status.OPEN or previous.quantity != qty:
                raise ReservationConflict(
                    f"{reference} already has a {previous.get_status_display().lower()} reservation of "
                    f"{previous.quantity} × {skus()[vid]} at {location.code}.",
                    reference=reference,
                    sku=skus()[vid],
                )
            continue
        available = max(row[1] - row[2] - row[3], 0) if row else 0
        if available < qty:
            short.append(ShortLine(sku=skus()[vid], requested=qty, available=available, variant_id=vid))
        todo[vid] = qty
    if short:
        raise InsufficientStock(short, location_code=location.code)
    if todo and any(rows[vid][4] != "new" for vid in todo):
        rows |= hold(todo)
    return [_reservation(rows[vid]) for vid in wanted]


def _hold(wanted: dict[int, int], **params) -> dict[int, tuple]:
    params["location"] = params["location"].pk
    rows = reservations_hold(variants=list(wanted), quantities=list(wanted.values()), **params)
    flags_moved((r[1], r[2], r[1], r[2] + r[7], r[3]) for r in rows.values() if r[4] == "new")
    return rows


def _reservation(row: tuple) -> Reservation:
    return Reservation.from_db(connection.alias, None, row[5:])


def _actor_id(actor) -> int | None:
    return actor.pk if actor_or_none(actor) else None


def holds_close(*, actor, **params) -> list[StockMovement]:
    """Close a reference's open holds, their ledger rows written, in one statement (`reservations_close`, and its
    filters): its own transaction when called alone, with nothing to refuse once the reference is checked."""
    params["reference"] = check_text(params["reference"], field="reference", required=True, max_length=REFERENCE_MAX)
    fulfil = params["status"] == Reservation.Status.FULFILLED
    kind = StockMovement.Kind.FULFIL if fulfil else StockMovement.Kind.RELEASE
    rows = reservations_close(**params, fulfil=int(fulfil), kind=kind, actor=_actor_id(actor), now=timezone.now())
    flags_moved((r[0], r[1], r[10], r[11], r[2]) for r in rows)
    return [StockMovement.from_db(connection.alias, None, row[3:]) for row in rows]


def stock_release(
    *, reference: str, variant_ids: Iterable[int] | None = None, reason: str = "", actor=None
) -> list[StockMovement]:
    """Give held units back (order cancelled, pickup expired); releasing twice changes nothing."""
    reason = check_text(reason, field="reason") or "Reservation released"
    return holds_close(reference=reference, variants=variant_ids, status="released", actor=actor, reason=reason)


def stock_fulfil(*, reference: str, variant_ids: Iterable[int] | None = None, actor=None) -> list[StockMovement]:
    """The held units left the building (collected or shipped): on hand and reserved both go down; once only."""
    return holds_close(
        reference=reference, variants=variant_ids, status="fulfilled", actor=actor, reason="Order fulfilled"
    )


def stock_reservation_expiry_set(*, reference: str, expires_at: datetime | None) -> int:
    """Move or clear (None: keep until closed) the expiry of a reference's open holds; how many were still open."""
    reference = check_text(reference, field="reference", required=True, max_length=REFERENCE_MAX)
    return Reservation.objects.filter(reference=reference, status=Reservation.Status.OPEN).update(expires_at=expires_at)


def stock_reservations_expire(*, now: datetime | None = None, limit: int = 500) -> list[str]:
    """Release every open hold whose expiry has passed, one reference per transaction; the references released.

    Each release sends `inventory.signals.reservation_expired` inside its transaction, so the app that owns
    the reference (checkout, pickup) marks its order or pickup in the same commit.
    """
    now = now or timezone.now()
    references = list(
        Reservation.objects.filter(status=Reservation.Status.OPEN, expires_at__lte=now)
        .order_by("reference")
        .values_list("reference", flat=True)
        .distinct()[:limit]
    )
    released = []
    for reference in references:
        with transaction.atomic():
            movements = holds_close(
                reference=reference, status="released", actor=None, reason="Hold expired", expired_by=now
            )
            if movements:
                variant_ids = sorted({m.variant_id for m in movements})
                reservation_expired.send(sender=Reservation, reference=reference, variant_ids=variant_ids)
                released.append(reference)
    return released
