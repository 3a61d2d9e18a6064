"""Marketplace and social-shop orders: imported once per external id, held and fulfilled like web orders.

The marketplace took the payment, so the order is placed and paid at once, at the prices it charged; stock is
planned and reserved exactly as checkout does (order_record), and status updates go through order_transition.
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from channels.exceptions import ChannelRequestInvalid
from channels.models import DeviceClient
from channels.services.pos import CustomerIdentity, SaleLine, customer_for, priced_lines
from core.transactions import create_once
from customers.models import Channel
from inventory.models import Location
from orders.exceptions import OrderNotFound
from orders.models import Order
from orders.services.placing import address_check, name_split, order_number_next, pickup_store_check, stock_plan
from orders.services.points import order_points_earn
from orders.services.recording import OrderDraft, OrderPayment, order_record
from orders.services.status import order_transition
from pickup.services import pickup_open

EXTERNAL_ID_MAX = 100


def _check_channel(channel: str) -> str:
    if channel not in DeviceClient.CHANNELS:
        raise ChannelRequestInvalid("Channel orders come from a marketplace or a social shop.", field="channel")
    return channel


def _check_external_id(external_id: str) -> str:
    external_id = (external_id or "").strip()
    if not external_id or len(external_id) > EXTERNAL_ID_MAX:
        raise ChannelRequestInvalid(
            f"An external id of 1 to {EXTERNAL_ID_MAX} characters is required.", field="external_id"
        )
    return external_id


def channel_order_get(*, channel: str, external_id: str) -> Order | None:
    return Order.objects.filter(channel=channel, external_id=external_id).first()


def channel_order_import(
    *,
    channel: str,
    external_id: str,
    customer: CustomerIdentity,
    name: str = "",
    lines: Sequence[SaleLine],
    fulfilment: str,
    location: Location | None = None,
    address: dict | None = None,
    shipping: Decimal = Decimal("0.00"),
    actor=None,
    now: datetime | None = None,
    number: str | None = None,
) -> tuple[Order, bool]:
    """Import one order; returns (order, created). Sent again (the same external id), the first order comes back."""
    _check_channel(channel)
    external_id = _check_external_id(external_id)
    return create_once(
        find=lambda: channel_order_get(channel=channel, external_id=external_id),
        create=lambda: _import(
            channel=channel,
            external_id=external_id,
            identity=customer,
            name=name,
            lines=lines,
            fulfilment=fulfilment,
            location=location,
            address=address,
            shipping=shipping,
            actor=actor,
            now=now or timezone.now(),
            number=number,
        ),
    )


def _import(
    *, channel, external_id, identity, name, lines, fulfilment, location, address, shipping, actor, now, number
):
    if fulfilment == Order.Fulfilment.PICKUP:
        location, address = pickup_store_check(location), {}
    elif fulfilment == Order.Fulfilment.SHIP:
        location, address = None, address_check(address)
    else:
        raise ChannelRequestInvalid("Fulfilment must be ship or pickup.", field="fulfilment")
    if not identity:
        raise ChannelRequestInvalid("The customer's email or phone is needed.", field="customer")
    if shipping is None or shipping < 0:
        raise ChannelRequestInvalid("Shipping cannot be negative.", field="shipping")
    priced = priced_lines(lines)
    first, last = name_split(name)
    country = location.country if location is not None else address["country"]
    person = customer_for(
        identity=identity, consent=False, channel=channel, country=country, first_name=first, last_name=last
    )
    wanted: dict[int, int] = {}
    for line in priced:
        wanted[line.variant.pk] = wanted.get(line.variant.pk, 0) + line.quantity
    skus = {line.variant.pk: line.variant.sku for line in priced}
    source, ready_at = stock_plan(fulfilment=fulfilment, location=location, wanted=wanted, skus=skus, now=now)
    if source is None:
        raise ChannelRequestInvalid("There is no location to send this order from.", field="fulfilment")
    total = sum((line.unit_price * line.quantity for line in priced), Decimal("0.00")) + shipping
    order = order_record(
        draft=OrderDraft(
            number=number or order_number_next(channel=channel),
            customer=person,
            email=person.email or "",
            name=name,
            phone=person.phone or "",
            channel=channel,
            fulfilment=fulfilment,
            status=Order.Status.PLACED,
            location=location,
            source=source,
            lines=priced,
            address=address,
            ready_at=ready_at,
            payment=OrderPayment(
                method=Order.PaymentMethod.MARKETPLACE, status=Order.PaymentStatus.PAID, amount_paid=total
            ),
            external_id=external_id,
            shipping=shipping,
        ),
        now=now,
        actor=actor,
    )
    if fulfilment == Order.Fulfilment.PICKUP:
        pickup_open(order=order, book_slot=False)  # on the store's desk at once; the marketplace chose no window
    return order


@transaction.atomic
def channel_order_update(*, channel: str, external_id: str, status: str, note: str = "", actor=None) -> Order:
    """The marketplace says how its order goes on (picking, shipped, completed, cancelled); the same again is a no-op.

    Points are earned when the order completes."""
    order = channel_order_get(channel=_check_channel(channel), external_id=_check_external_id(external_id))
    if order is None:
        raise OrderNotFound(f"No {Channel(channel).label.lower()} order {external_id}.", external_id=external_id)
    if order.status != status:
        if note:
            order = order_transition(order=order, to=status, actor=actor, note=note)
        else:
            order = order_transition(
                order=order, to=status, actor=actor, message="from_channel", params={"channel": channel}
            )
    if order.status == Order.Status.COMPLETED:
        order_points_earn(order=order)
    return order
