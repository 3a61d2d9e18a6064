"""A shopper's checkout for pickup: the order, its desk record and the window it books, in one transaction.

Checkout calls this rather than orders' `order_place` alone, so a full or unknown window refuses the order where
the call can be read, not in a signal receiver. Staff ordering for a customer at a store's counter (the clerk's
basket, the tablet's API) go through the same checkout, with the lines they ask for checked by SKU first.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils.translation import gettext

from catalog.models import Variant
from core.transactions import create_once
from customers.models import Channel
from inventory.exceptions import InsufficientStock, ShortLine, UnknownVariant
from inventory.models import Location
from orders.exceptions import CheckoutInvalid
from orders.models import Order
from orders.selectors import promisable_by_variant
from orders.services import order_place_inside
from orders.services.cart import cart_for_session, cart_line_add, quantity_check
from orders.services.status import order_note_add
from pickup.services import pickup_open


@transaction.atomic
def checkout_place(*, slot: datetime | None = None, **order) -> Order:
    """Place the order (orders' `order_place`, same arguments) and, for a pickup, open its desk record in `slot`;
    all or nothing: SlotFull or SlotInvalid leave no order and no held stock. One transaction (or savepoint) for
    all of it: the services inside join it rather than each opening a savepoint of their own."""
    if slot is not None and order.get("fulfilment") != Order.Fulfilment.PICKUP:
        raise CheckoutInvalid(gettext("A pickup window is only for orders picked up in a store."), field="slot")
    placed = order_place_inside(**order)
    if placed.fulfilment == Order.Fulfilment.PICKUP:
        pickup_open(order=placed, slot_start=slot, new_order=True)
    return placed


@transaction.atomic
def counter_checkout_place(
    *, cart_key: str, lines: Iterable[tuple[Variant, int]], store: Location, actor, **order
) -> Order:
    """An order staff place for a customer at `store` (channel store): the lines go into a cart of the counter's own
    (`cart_key`, empty between orders: a failure rolls its lines back with everything else), placed through
    `checkout_place` (same arguments), with the store and the member of staff on its history. The caller has found
    or made the customer first: customers before the cart, as the lock order says."""
    cart = cart_for_session(session_key=cart_key)
    for variant, quantity in lines:
        cart_line_add(cart=cart, variant=variant, quantity=quantity)
    placed = checkout_place(cart=cart, channel=Channel.STORE, actor=actor, **order)
    who = getattr(actor, "get_username", lambda: "")()
    order_note_add(order=placed, message="ordered_at", params={"store": store.name, "who": who}, actor=actor)
    return placed


@dataclass(frozen=True)
class WantedLine:
    sku: str
    quantity: int


def wanted_variants(lines: Sequence[WantedLine]) -> dict[str, Variant]:
    """Every SKU known and sold (one error naming all unknown ones), every short one named in one 409."""
    if not lines:
        raise CheckoutInvalid(gettext("At least one line is required."), field="lines")
    wanted: dict[str, int] = {}
    for line in lines:
        wanted[line.sku] = wanted.get(line.sku, 0) + quantity_check(line.quantity)
    variants = Variant.objects.select_related("product").in_bulk(list(wanted), field_name="sku")
    unknown = sorted(sku for sku in wanted if sku not in variants or not variants[sku].is_active)
    if unknown:
        raise UnknownVariant(unknown, field="lines.sku")
    promisable = promisable_by_variant(variant_ids=[v.pk for v in variants.values()])
    short = [
        ShortLine(sku=sku, requested=qty, available=promisable.get(variants[sku].pk, 0), variant_id=variants[sku].pk)
        for sku, qty in wanted.items()
        if promisable.get(variants[sku].pk, 0) < qty
    ]
    if short:
        raise InsufficientStock(short)
    return variants


def order_external_id(*, store: Location, key: str) -> str:
    """What a staff order placed with an idempotency key is found again by (channel store, unique)."""
    return f"{store.code}:order:{key}"


def _existing(external_id: str) -> Order | None:
    return Order.objects.filter(channel=Channel.STORE, external_id=external_id).first()


@transaction.atomic
def counter_checkout_once(*, store: Location, idempotency_key: str, place: Callable[[], Order]) -> tuple[Order, bool]:
    """The order `place` writes, once per (store, key): the same key again — even at the same moment, from a
    retry — returns the first order and places nothing. (order, created)."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise CheckoutInvalid(gettext("An idempotency key of 1 to 64 characters is required."), field="idempotency_key")
    external_id = order_external_id(store=store, key=key)
    # Requests with the same key wait for each other here, so the second finds the first's order rather than
    # queueing for its stock and being refused for want of it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [7302, external_id])

    def create() -> Order:
        placed = place()
        Order.objects.filter(pk=placed.pk).update(external_id=external_id)
        placed.external_id = external_id
        return placed

    return create_once(find=lambda: _existing(external_id), create=create)
