"""Stock held for orders: reserve (all lines or none), release, fulfil, and let unpaid or uncollected holds expire."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache, partial

from django.db import transaction
from django.utils import timezone

from core.transactions import atomic_unless_inside
from inventory.exceptions import InsufficientStock, ReservationConflict, ShortLine
from inventory.locks import lock_stock_levels, lock_stock_levels_holding, reservations_close
from inventory.models import Location, Reservation, StockMovement
from inventory.services._ledger import (
    REFERENCE_MAX,
    LedgerWriter,
    StockLine,
    check_location,
    check_text,
    merge_lines,
    skus_of,
)
from inventory.signals import reservation_expired


@atomic_unless_inside  # every refusal below comes before the first write
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
    unique), so nothing can be held under it yet and the earlier holds are not read.
    """
    check_location(location)
    wanted = merge_lines(lines)
    reference = check_text(reference, field="reference", required=True, max_length=REFERENCE_MAX)
    levels = lock_stock_levels(location_id=location.pk, variant_ids=wanted)
    # SKUs are only for refusals: asked for when one is due, or when a variant has no stock row here (an unknown
    # variant is refused as such).
    skus = cache(partial(skus_of, wanted))
    if len(levels) < len(wanted):
        skus()
    existing = (
        {}
        if fresh_reference
        else {
            r.stock_level_id: r
            for r in Reservation.objects.filter(
                reference=reference, stock_level_id__in=[lv.pk for lv in levels.values()]
            )
        }
    )
    todo: dict[int, int] = {}
    short: list[ShortLine] = []
    for vid, qty in wanted.items():
        level = levels.get(vid)
        previous = existing.get(level.pk) if level else None
        if previous is not None:
            if previous.status != Reservation.Status.OPEN or previous.quantity != qty:
                raise ReservationConflict(
                    f"{reference} already has a {previous.get_status_display().lower()} reservation of "
                    f"{previous.quantity} × {skus()[vid]} at {location.code}.",
                    reference=reference,
                    sku=skus()[vid],
                )
            continue
        available = level.available_online if level else 0
        if available < qty:
            short.append(ShortLine(sku=skus()[vid], requested=qty, available=available, variant_id=vid))
        todo[vid] = qty
    if short:
        raise InsufficientStock(short, location_code=location.code)
    writer = LedgerWriter(actor=actor, reference=reference, reason="Reserved for order")
    created = []
    for vid, qty in todo.items():
        writer.apply(levels[vid], kind=StockMovement.Kind.RESERVE, reserved_delta=qty)
        created.append(Reservation(stock_level=levels[vid], quantity=qty, reference=reference, expires_at=expires_at))
    writer.save(held=created)
    variant_of = {level.pk: vid for vid, level in levels.items()}
    return sorted([*existing.values(), *created], key=lambda r: variant_of[r.stock_level_id])


def _close(
    *,
    reference: str,
    variant_ids: Iterable[int] | None,
    status: str,
    actor,
    reason: str,
    expired_at: datetime | None = None,
) -> list[StockMovement]:
    reference = check_text(reference, field="reference", required=True, max_length=REFERENCE_MAX)
    open_ = Reservation.objects.filter(reference=reference, status=Reservation.Status.OPEN)
    if variant_ids is not None:
        open_ = open_.filter(stock_level__variant_id__in=list(variant_ids))
    if expired_at is not None:
        open_ = open_.filter(expires_at__lte=expired_at)
    levels = lock_stock_levels_holding(reservations=open_)
    if not levels:
        return []
    # Re-read under the locks: a concurrent release may have closed some of them meanwhile, and the hold may have
    # been extended or kept (order paid) since it was picked for expiry.
    reservations = reservations_close(
        reference=reference, stock_level_ids=levels, status=status, closed_at=timezone.now(), expired_by=expired_at
    )
    writer = LedgerWriter(actor=actor, reference=reference, reason=reason)
    fulfil = status == Reservation.Status.FULFILLED
    kind = StockMovement.Kind.FULFIL if fulfil else StockMovement.Kind.RELEASE
    for reservation in reservations:
        writer.apply(
            levels[reservation.stock_level_id],
            kind=kind,
            reserved_delta=-reservation.quantity,
            on_hand_delta=-reservation.quantity if fulfil else 0,
        )
    return writer.save()


@transaction.atomic
def stock_release(
    *, reference: str, variant_ids: Iterable[int] | None = None, reason: str = "", actor=None
) -> list[StockMovement]:
    """Give held units back (order cancelled, pickup expired); releasing twice changes nothing."""
    reason = check_text(reason, field="reason") or "Reservation released"
    return _close(
        reference=reference, variant_ids=variant_ids, status=Reservation.Status.RELEASED, actor=actor, reason=reason
    )


@transaction.atomic
def stock_fulfil(*, reference: str, variant_ids: Iterable[int] | None = None, actor=None) -> list[StockMovement]:
    """The held units left the building (collected or shipped): on hand and reserved both go down; once only."""
    return _close(
        reference=reference,
        variant_ids=variant_ids,
        status=Reservation.Status.FULFILLED,
        actor=actor,
        reason="Order fulfilled",
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
            movements = _close(
                reference=reference,
                variant_ids=None,
                status=Reservation.Status.RELEASED,
                actor=None,
                reason="Hold expired",
                expired_at=now,
            )
            if movements:
                variant_ids = sorted({m.variant_id for m in movements})
                reservation_expired.send(sender=Reservation, reference=reference, variant_ids=variant_ids)
                released.append(reference)
    return released
