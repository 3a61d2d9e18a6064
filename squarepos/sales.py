"""Sales in: a completed Square order, recorded as an in-store sale through the till's own service.

The sale is `channels.services.pos_sale_record` with the key `square:<order id>` and the Square order id as the
order's external id, so any number of events about one order make one sale. Square is read before the
transaction; the sale is written in one durable transaction under the event's lock, or not at all.
"""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation

import httpx
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_noop
from square.core.api_error import ApiError

from channels.services.pos import CustomerIdentity, SaleLine, SalePayment, pos_sale_record
from core.exceptions import DomainError
from inventory.models import Location
from squarepos.client import SquareOff, SquareUnavailable, amount_of, error_text, is_unavailable, square_client
from squarepos.events import Outcome, event_finish, event_lock
from squarepos.models import SquareEvent, SquareVariation
from squarepos.reasons import Told

ATTENTION, DONE, IGNORED = SquareEvent.Status.ATTENTION, SquareEvent.Status.DONE, SquareEvent.Status.IGNORED
TENDERS = {"CARD": "card", "WALLET": "card", "CASH": "cash"}


class Unreadable(Told):
    """What Square sent cannot be recorded as it is; the message says why, for staff."""


class SquareRefused(Told):
    """Square answered, but not with the object (a 4xx other than a rejected token)."""


def square_read(read: Callable):
    """Call the SDK; Square down or busy → SquareUnavailable (asked again later), any other answer → SquareRefused."""
    try:
        return read(square_client())
    except SquareOff as exc:  # the token was taken away meanwhile: the event waits for it
        raise SquareUnavailable(str(exc))
    except (ApiError, httpx.HTTPError) as exc:
        if is_unavailable(exc):
            raise SquareUnavailable(error_text(exc))
        raise SquareRefused(error_text(exc))


def finish(event: SquareEvent, outcome: Outcome, *, write: Callable[[], Outcome] | None = None) -> Outcome:
    """End the event in one durable transaction under its lock: `write` records what it is about, when given."""
    with transaction.atomic(durable=True):
        locked = event_lock(event.pk)
        if locked.status != SquareEvent.Status.PENDING:
            return Outcome(locked.status, locked.reason)
        outcome = write() if write is not None else outcome
        event_finish(locked, outcome, now=timezone.now())
    return outcome


def linked_store(square_location_id: str | None) -> Location | None:
    if not square_location_id:
        return None
    return Location.objects.filter(square_location_id=square_location_id, kind=Location.Kind.STORE).first()


def skus_for(catalog_ids: list[str]) -> dict[str, str]:
    """Our SKU per Square variation id, for the ones we mapped."""
    rows = SquareVariation.objects.filter(square_id__in=catalog_ids).values_list("square_id", "variant__sku")
    return dict(rows)


def whole_quantity(value) -> int:
    try:
        quantity = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Unreadable(gettext_noop("Quantity %(value)s is not a number."), value=repr(value))
    if quantity != quantity.to_integral_value() or quantity < 1:
        raise Unreadable(gettext_noop("Quantity %(value)s is not a whole number of units."), value=str(value))
    return int(quantity)


def _lines(order) -> list[SaleLine]:
    items = order.line_items or []
    if not items:
        raise Unreadable(gettext_noop("The Square order has no items."))
    skus = skus_for([item.catalog_object_id for item in items if item.catalog_object_id])
    unknown = [
        f"{item.name or '?'} ({item.catalog_object_id or 'no catalog item'})"
        for item in items
        if item.catalog_object_id not in skus
    ]
    if unknown:
        raise Unreadable(
            gettext_noop("Square item not in our catalog: %(items)s. Map it, then retry."), items=", ".join(unknown)
        )
    return [
        SaleLine(
            sku=skus[item.catalog_object_id],
            quantity=whole_quantity(item.quantity),
            unit_price=amount_of(item.base_price_money),
        )
        for item in items
    ]


def _payments(order) -> list[SalePayment]:
    payments = []
    for tender in order.tenders or []:
        method = TENDERS.get(tender.type or "")
        if method is None:
            raise Unreadable(
                gettext_noop("Square tender %(tender)s is not one the till records (card or cash)."),
                tender=str(tender.type),
            )
        payments.append(SalePayment(method=method, amount=amount_of(tender.amount_money) - amount_of(tender.tip_money)))
    return payments


def _buyer(customer) -> CustomerIdentity | None:
    if customer is None:
        return None
    return CustomerIdentity(
        email=customer.email_address or "",
        phone=customer.phone_number or "" if not customer.email_address else "",
        first_name=(customer.given_name or "")[:100],
        last_name=(customer.family_name or "")[:100],
    )


def _sold_at(order) -> datetime:
    """When the till closed the sale (Square's RFC 3339 time), else now."""
    try:
        when = parse_datetime(order.closed_at or order.updated_at or "")
    except ValueError:
        when = None
    return when if when is not None and when.tzinfo is not None else timezone.now()


def sale_record(*, order, customer) -> Outcome:
    """Record a completed Square order at its linked store, all or nothing; why not, for staff, when it cannot be."""
    store = linked_store(order.location_id)
    if store is None:
        return Outcome(
            ATTENTION,
            gettext_noop("Square location %(location)s is not linked to any of our stores."),
            params={"location": str(order.location_id)},
        )
    try:
        lines, payments = _lines(order), _payments(order)
        discount = amount_of(order.total_discount_money)
    except (Unreadable, ValueError) as exc:
        return Outcome.because(ATTENTION, exc, location_id=store.pk)
    try:
        sale, _ = pos_sale_record(
            location=store,
            idempotency_key=f"square:{order.id}"[:64],
            external_id=order.id,
            lines=lines,
            payments=payments,
            customer=_buyer(customer),
            discount=discount,
            now=_sold_at(order),
        )
    except DomainError as exc:  # the savepoint of the sale rolled back: nothing of it is written
        return Outcome.because(ATTENTION, exc, location_id=store.pk)
    return Outcome(DONE, location_id=store.pk, order_id=sale.pk)


def sale_from_event(event: SquareEvent) -> Outcome:
    """Read the event's order (and its buyer) from Square and record it once it is completed."""
    order_id = event.subject_id
    if not order_id:
        return finish(event, Outcome(IGNORED, gettext_noop("The event names no Square order.")))
    try:
        order = square_read(lambda client: client.orders.get(order_id).order)
        if order is None:
            raise SquareRefused(gettext_noop("Square has no order %(order)s."), order=order_id)
        if order.state != "COMPLETED":
            return finish(
                event,
                Outcome(
                    IGNORED,
                    gettext_noop("The Square order is %(state)s, not completed."),
                    params={"state": str(order.state)},
                ),
            )
        customer = (
            square_read(lambda client: client.customers.get(order.customer_id).customer) if order.customer_id else None
        )
    except SquareRefused as exc:
        return finish(event, Outcome.because(ATTENTION, exc))
    return finish(event, Outcome(DONE), write=lambda: sale_record(order=order, customer=customer))
