"""Stock changes at one location: receive, adjust, count, sell in store, take back a return, send and take in a transfer."""

from collections.abc import Sequence

from django.db import transaction

from catalog.models import Variant
from inventory.exceptions import CountBelowReserved, InsufficientStock, InvalidInput, ShortLine
from inventory.locks import lock_stock_levels
from inventory.models import Location, Reservation, StockMovement
from inventory.services._ledger import (
    REFERENCE_MAX,
    LedgerWriter,
    StockLine,
    check_location,
    check_quantity,
    check_quantity_bound,
    check_text,
    is_whole_number,
    merge_lines,
    require_in_store,
    skus_of,
)
from inventory.services.idempotency import stock_change_claim, stock_change_record
from inventory.services.reservations import holds_close

RELEASED = Reservation.Status.RELEASED


def _check_variant(variant: Variant) -> Variant:
    if variant is None or variant.pk is None:
        raise InvalidInput("A SKU is required.", field="sku")
    return variant


def _lock_one(*, location: Location, variant: Variant):
    return lock_stock_levels(location_id=location.pk, variant_ids=[variant.pk], create=True)[variant.pk]


@transaction.atomic
def stock_receive(
    *, location: Location, variant: Variant, quantity: int, reason: str = "", reference: str = "", actor=None
) -> StockMovement:
    """Goods arrived (delivery, first stock): on hand goes up, with the delivery in the ledger."""
    check_location(location)
    _check_variant(variant)
    check_quantity(quantity)
    reason = check_text(reason, field="reason") or "Goods received"
    reference = check_text(reference, field="reference", max_length=REFERENCE_MAX)
    kind = StockMovement.Kind.RECEIVE
    claim = {"kind": kind, "location": location, "reference": reference}
    done = stock_change_claim(**claim, content={"variant": variant.pk, "quantity": quantity, "reason": reason})
    if done:
        return done
    level = _lock_one(location=location, variant=variant)
    writer = LedgerWriter(actor=actor, reference=reference, reason=reason)
    writer.apply(level, kind=kind, on_hand_delta=quantity)
    return stock_change_record(**claim, movement=writer.save()[0])


@transaction.atomic
def stock_adjust(
    *, location: Location, variant: Variant, delta: int, reason: str, reference: str = "", actor=None
) -> StockMovement:
    """Correct on hand by a signed amount (damage, theft, found units); a reason is required for the ledger."""
    check_location(location)
    _check_variant(variant)
    if not is_whole_number(delta) or delta == 0:
        raise InvalidInput(f"The adjustment must be a whole number other than zero, not {delta!r}.", field="quantity")
    check_quantity_bound(delta)
    reason = check_text(reason, field="reason", required=True)
    reference = check_text(reference, field="reference", max_length=REFERENCE_MAX)
    kind = StockMovement.Kind.ADJUST
    claim = {"kind": kind, "location": location, "reference": reference}
    done = stock_change_claim(**claim, content={"variant": variant.pk, "delta": delta, "reason": reason})
    if done:
        return done
    level = _lock_one(location=location, variant=variant)
    if level.on_hand + delta < level.reserved:
        raise InsufficientStock(
            [ShortLine(sku=variant.sku, requested=-delta, available=level.available_in_store, variant_id=variant.pk)],
            location_code=location.code,
        )
    writer = LedgerWriter(actor=actor, reference=reference, reason=reason)
    writer.apply(level, kind=kind, on_hand_delta=delta)
    return stock_change_record(**claim, movement=writer.save()[0])


@transaction.atomic
def stock_count(
    *, location: Location, variant: Variant, quantity: int, reason: str = "", reference: str = "", actor=None
) -> StockMovement:
    """Set on hand to what was counted on the shelf, recording the difference (even zero: the count happened)."""
    check_location(location)
    _check_variant(variant)
    check_quantity(quantity, allow_zero=True)
    reason = check_text(reason, field="reason") or "Stock count"
    reference = check_text(reference, field="reference", max_length=REFERENCE_MAX)
    kind = StockMovement.Kind.COUNT
    claim = {"kind": kind, "location": location, "reference": reference}
    done = stock_change_claim(**claim, content={"variant": variant.pk, "quantity": quantity, "reason": reason})
    if done:
        return done
    level = _lock_one(location=location, variant=variant)
    if quantity < level.reserved:
        raise CountBelowReserved(sku=variant.sku, counted=quantity, reserved=level.reserved)
    writer = LedgerWriter(actor=actor, reference=reference, reason=reason)
    writer.apply(level, kind=kind, on_hand_delta=quantity - level.on_hand)
    return stock_change_record(**claim, movement=writer.save()[0])


def _already_done(*, kind: str, reference: str, stock_level_ids: list[int]) -> set[int]:
    # Called with the stock levels locked, so a retry of the same document sees the first attempt's rows.
    if not reference:
        return set()
    return set(
        StockMovement.objects.filter(kind=kind, reference=reference, stock_level_id__in=stock_level_ids).values_list(
            "stock_level_id", flat=True
        )
    )


@transaction.atomic
def stock_sell(
    *, location: Location, lines: Sequence[StockLine], reference: str = "", actor=None
) -> list[StockMovement]:
    """An in-store sale: all lines or none, from what is on the shelf and not promised to a web order.

    Selling ignores the online buffer (that buffer exists for the store). Once per (reference, SKU): a retried
    POS call changes nothing.
    """
    check_location(location)
    wanted = merge_lines(lines)
    reference = check_text(reference, field="reference", max_length=REFERENCE_MAX)
    skus = skus_of(wanted)
    levels = lock_stock_levels(location_id=location.pk, variant_ids=wanted)
    done = _already_done(
        kind=StockMovement.Kind.SALE, reference=reference, stock_level_ids=[lv.pk for lv in levels.values()]
    )
    todo = {vid: qty for vid, qty in wanted.items() if not (vid in levels and levels[vid].pk in done)}
    require_in_store(levels=levels, wanted=todo, skus=skus, location_code=location.code)
    writer = LedgerWriter(actor=actor, reference=reference, reason="In-store sale")
    for vid, qty in todo.items():
        writer.apply(levels[vid], kind=StockMovement.Kind.SALE, on_hand_delta=-qty)
    return writer.save()


@transaction.atomic
def stock_return(
    *, location: Location, lines: Sequence[StockLine], reference: str, reason: str = "", actor=None
) -> list[StockMovement]:
    """Returned goods go back on the shelf of the store that took them back, once per (reference, SKU)."""
    check_location(location)
    wanted = merge_lines(lines)
    reference = check_text(reference, field="reference", required=True, max_length=REFERENCE_MAX)
    reason = check_text(reason, field="reason") or "Customer return"
    skus_of(wanted)
    levels = lock_stock_levels(location_id=location.pk, variant_ids=wanted, create=True)
    done = _already_done(
        kind=StockMovement.Kind.RETURN, reference=reference, stock_level_ids=[lv.pk for lv in levels.values()]
    )
    writer = LedgerWriter(actor=actor, reference=reference, reason=reason)
    for vid, qty in wanted.items():
        if levels[vid].pk not in done:
            writer.apply(levels[vid], kind=StockMovement.Kind.RETURN, on_hand_delta=qty)
    return writer.save()


@transaction.atomic
def stock_transfer_out(
    *, location: Location, lines: Sequence[StockLine], reference: str, reason: str, actor=None, held_for: str = ""
) -> list[StockMovement]:
    """Goods leave for another location (a transfer shipped): only units not promised to orders can go, all or none;
    with `held_for`, that order's hold here is closed and its units go too (ship to store)."""
    wanted = merge_lines(lines)
    levels = lock_stock_levels(location_id=location.pk, variant_ids=wanted)
    writer = LedgerWriter(actor=actor, reference=reference, reason=reason)
    closing = dict(reference=held_for, location=location.pk, variants=wanted, status=RELEASED, reason=reason)
    released = holds_close(**closing, actor=actor) if held_for else []
    for movement in released:  # closed on the levels locked above: the transfer goes on from their new figures
        levels[movement.variant_id].reserved = movement.reserved_after
    require_in_store(levels=levels, wanted=wanted, skus=skus_of(wanted), location_code=location.code)
    for vid, qty in wanted.items():
        writer.apply(levels[vid], kind=StockMovement.Kind.TRANSFER_OUT, on_hand_delta=-qty)
    return [*released, *writer.save()]


@transaction.atomic
def stock_transfer_in(
    *, location: Location, lines: Sequence[StockLine], reference: str, reason: str, actor=None, hold_for: str = ""
) -> list[StockMovement]:
    """Goods arrive from another location, or go back on the shelf they left when a transfer on the road is called off;
    with `hold_for`, they are that order's (ship to store) and held for it on arrival, whatever the online buffer."""
    wanted = merge_lines(lines)
    levels = lock_stock_levels(location_id=location.pk, variant_ids=wanted, create=True)
    writer = LedgerWriter(actor=actor, reference=reference, reason=reason)
    held = []
    for vid, qty in wanted.items():
        writer.apply(levels[vid], kind=StockMovement.Kind.TRANSFER_IN, on_hand_delta=qty)
        if hold_for:
            writer.apply(levels[vid], kind=StockMovement.Kind.RESERVE, reserved_delta=qty, reference=hold_for)
            held.append(Reservation(stock_level=levels[vid], quantity=qty, reference=hold_for))
    return writer.save(held=held)
