"""Refunds in: a completed Square refund with returned items becomes a return of our sale; without items, a note.

The return goes through the returns service under the key `square-refund:<refund id>` (units back on the store's
shelf, points reversed pro rata). The money already moved in Square, so it is recorded as settled the way Square
paid it back (the till's card terminal, or cash) and nothing is asked of Stripe.
"""

from django.utils import timezone
from django.utils.translation import gettext_noop

from core.exceptions import DomainError
from customers.models import Channel
from orders.models import Order
from orders.services import order_note_add
from returns.models import Return
from returns.notes import SQUARE_REFUND
from returns.services import ReturnRequestLine, return_create
from squarepos.client import SquareUnavailable, amount_of
from squarepos.events import Outcome
from squarepos.models import SquareEvent
from squarepos.sales import (
    ATTENTION,
    DONE,
    IGNORED,
    SquareRefused,
    Unreadable,
    finish,
    linked_store,
    skus_for,
    square_read,
    whole_quantity,
)

# A refund may arrive before its sale is recorded (Square was down then): wait this many tries before asking staff.
SALE_WAIT_ATTEMPTS = 5


def _our_sale(square_order_id: str) -> Order | None:
    return Order.objects.filter(channel=Channel.STORE, external_id=square_order_id).first()


def _returned(square_order) -> tuple[str, list[ReturnRequestLine]]:
    """(the Square sale the items came from, the items back as our SKUs), or ("", []) for a refund of money only."""
    returned = [
        (ret.source_order_id, item) for ret in (square_order.returns or []) for item in (ret.return_line_items or [])
    ]
    if not returned:
        return "", []
    sources = {source for source, _ in returned}
    if len(sources) != 1 or None in sources:
        raise Unreadable(
            gettext_noop("The refund returns items of several sales, or of none named; record it by hand.")
        )
    skus = skus_for([item.catalog_object_id for _, item in returned if item.catalog_object_id])
    unknown = [item.name or item.catalog_object_id or "?" for _, item in returned if item.catalog_object_id not in skus]
    if unknown:
        raise Unreadable(gettext_noop("Returned Square item not in our catalog: %(items)s."), items=", ".join(unknown))
    lines = [
        ReturnRequestLine(sku=skus[item.catalog_object_id], quantity=whole_quantity(item.quantity))
        for _, item in returned
    ]
    return sources.pop(), lines


def _note(*, refund, sale: Order) -> Outcome:
    """A refund of money only: written on our sale's history for staff, once per refund."""
    done_before = SquareEvent.objects.filter(
        subject_id=refund.id, status=SquareEvent.Status.DONE, type__startswith="refund."
    ).exists()
    if not done_before:
        money = {"amount": str(amount_of(refund.amount_money)), "currency": sale.currency, "refund": refund.id}
        order_note_add(order=sale, message="square_refund", params=money)
    return Outcome(DONE, location_id=sale.location_id, order_id=sale.pk)


def _waiting_for_sale(event: SquareEvent, square_order_id: str) -> Outcome:
    if event.attempts + 1 >= SALE_WAIT_ATTEMPTS:
        return Outcome(
            ATTENTION,
            gettext_noop("The Square sale %(order)s of this refund is not recorded here."),
            params={"order": square_order_id},
        )
    raise SquareUnavailable(gettext_noop("The Square sale %(order)s is not recorded yet."), order=square_order_id)


def refund_record(*, event: SquareEvent, refund, square_order) -> Outcome:
    """Record the refund against our sale, all or nothing (in the caller's transaction)."""
    try:
        source_id, lines = _returned(square_order)
    except (Unreadable, ValueError) as exc:
        return Outcome.because(ATTENTION, exc)
    sale = _our_sale(source_id or square_order.id)
    if sale is None:
        return _waiting_for_sale(event, source_id or square_order.id)
    if not lines:
        return _note(refund=refund, sale=sale)
    store = linked_store(refund.location_id or square_order.location_id)
    if store is None:
        return Outcome(
            ATTENTION,
            gettext_noop("Square location %(location)s is not linked to any of our stores."),
            params={"location": str(refund.location_id)},
        )
    method = (
        Return.RefundMethod.CARD
        if sale.payment_method == Order.PaymentMethod.CARD_PRESENT
        else Return.RefundMethod.CASH
    )
    try:
        ret, _ = return_create(
            order=sale,
            location=store,
            lines=lines,
            refund_method=method,
            reason=SQUARE_REFUND,
            key=f"square-refund:{refund.id}",
            now=timezone.now(),
        )
    except DomainError as exc:
        return Outcome.because(ATTENTION, exc, location_id=store.pk, order_id=sale.pk)
    return Outcome(DONE, location_id=store.pk, order_id=ret.order_id)


def refund_from_event(event: SquareEvent) -> Outcome:
    """Read the refund and its order from Square; record it once it is completed."""
    refund_id = event.subject_id
    if not refund_id:
        return finish(event, Outcome(IGNORED, gettext_noop("The event names no Square refund.")))
    try:
        refund = square_read(lambda client: client.refunds.get(refund_id).refund)
        if refund is None:
            raise SquareRefused(gettext_noop("Square has no refund %(refund)s."), refund=refund_id)
        if refund.status != "COMPLETED":
            return finish(
                event,
                Outcome(
                    IGNORED,
                    gettext_noop("The Square refund is %(state)s, not completed."),
                    params={"state": str(refund.status)},
                ),
            )
        if not refund.order_id:
            return finish(event, Outcome(ATTENTION, gettext_noop("The Square refund names no order.")))
        square_order = square_read(lambda client: client.orders.get(refund.order_id).order)
    except SquareRefused as exc:
        return finish(event, Outcome(ATTENTION, str(exc)))
    return finish(
        event, Outcome(DONE), write=lambda: refund_record(event=event, refund=refund, square_order=square_order)
    )
