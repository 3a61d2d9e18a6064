"""The till: one call records an in-store sale — order, stock sold at that store, customer, points, receipt.

A sale is recorded once per (store, the till's idempotency key): the key is the order's external id under a unique
constraint, so a retry — even one that arrives at the same moment — gets the first sale back and changes nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from catalog.models import Variant
from channels.exceptions import ChannelRequestInvalid
from core.outbox import outbox_enqueue
from core.transactions import create_once
from customers.language import customer_language
from customers.models import Channel, Customer
from customers.services import customer_resolve, customer_set_consent
from inventory.exceptions import UnknownVariant
from inventory.models import Location
from inventory.services import StockLine, stock_sell
from loyalty.exceptions import LoyaltyError
from loyalty.services import reward_redeem, reward_validate
from loyalty.services.rewards import reward_discount as reward_value
from orders.models import Order
from orders.services.placing import order_number_next
from orders.services.points import order_points_earn
from orders.services.recording import OrderDraft, OrderPayment, PricedLine, order_record

PAYMENT_METHODS = ("cash", "card", "reward")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class SaleLine:
    sku: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class SalePayment:
    method: str
    amount: Decimal = Decimal("0.00")
    code: str = ""


@dataclass(frozen=True)
class CustomerIdentity:
    email: str = ""
    phone: str = ""
    card: str = ""
    first_name: str = ""  # kept on a new profile (a till that knows the buyer's name)
    last_name: str = ""

    def __bool__(self) -> bool:
        return bool(self.email or self.phone or self.card)


def sale_external_id(*, location: Location, key: str) -> str:
    return f"{location.code}:{key}"


def _existing(external_id: str) -> Order | None:
    return Order.objects.filter(channel=Channel.STORE, external_id=external_id).first()


def priced_lines(lines: Sequence[SaleLine]) -> list[PricedLine]:
    """The lines' variants by SKU (unknown SKUs named in one error), prices as given, checked at the edge."""
    if not lines:
        raise ChannelRequestInvalid("At least one line is required.", field="lines")
    variants = Variant.objects.select_related("product").in_bulk({line.sku for line in lines}, field_name="sku")
    unknown = sorted({line.sku for line in lines if line.sku not in variants})
    if unknown:
        raise UnknownVariant(unknown, field="lines.sku")
    priced = []
    for line in lines:
        if isinstance(line.quantity, bool) or not isinstance(line.quantity, int) or line.quantity < 1:
            raise ChannelRequestInvalid("Quantity must be a whole number greater than zero.", field="lines.quantity")
        if line.quantity > settings.MAX_QUANTITY:
            raise ChannelRequestInvalid(f"Quantity can be at most {settings.MAX_QUANTITY}.", field="lines.quantity")
        price = Decimal(line.unit_price).quantize(CENT)
        if price < 0:
            raise ChannelRequestInvalid("A unit price cannot be negative.", field="lines.unit_price")
        priced.append(PricedLine(variant=variants[line.sku], quantity=line.quantity, unit_price=price))
    return priced


def customer_for(
    *,
    identity: CustomerIdentity | None,
    consent: bool,
    channel: str,
    country: str,
    first_name: str = "",
    last_name: str = "",
) -> Customer | None:
    """The one customer behind the identity given (found or created), with their consent recorded if they gave it.

    A phone is read in `country` (the store's, or where the order goes); a profile found by email or card without a
    phone keeps the one given (`customer_resolve` fills it through `customer_phone_fill`)."""
    if not identity:
        return None
    customer = customer_resolve(
        email=identity.email or None,
        phone=identity.phone or None,
        card=identity.card or None,
        country=country,
        first_name=first_name or identity.first_name,
        last_name=last_name or identity.last_name,
        channel=channel,
    )
    if consent:
        customer_set_consent(customer=customer, consent=True, channel=channel, how="till")
    return customer


def pos_sale_record(
    *,
    location: Location,
    idempotency_key: str,
    lines: Sequence[SaleLine],
    payments: Sequence[SalePayment],
    customer: CustomerIdentity | None = None,
    consent: bool = False,
    actor=None,
    now: datetime | None = None,
    number: str | None = None,
    notify: bool = True,
    external_id: str = "",
    discount: Decimal = Decimal("0.00"),
) -> tuple[Order, bool]:
    """Record one till sale; returns (order, created). The same key again returns the first sale, unchanged.

    `number` and `notify=False` are for importing past sales (no receipt mailed for them). A till with its own id
    for the sale (Square's order id) passes it as `external_id`, which is then the sale's unique key instead of
    `<store>:<key>`; `discount` is what the till itself took off (its own discounts), beside any reward code."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise ChannelRequestInvalid("An idempotency key of 1 to 64 characters is required.", field="idempotency_key")
    if location is None or location.kind != Location.Kind.STORE or not location.is_active:
        raise ChannelRequestInvalid("Sales are recorded at an active store.", field="location")
    till_discount = Decimal(discount).quantize(CENT)
    if till_discount < 0:
        raise ChannelRequestInvalid("A discount cannot be negative.", field="discount")
    external_id = external_id or sale_external_id(location=location, key=key)
    return create_once(
        find=lambda: _existing(external_id),
        create=lambda: _record(
            location=location,
            external_id=external_id,
            lines=lines,
            payments=payments,
            identity=customer,
            consent=consent,
            actor=actor,
            now=now or timezone.now(),
            number=number,
            notify=notify,
            till_discount=till_discount,
        ),
    )


def _rewards_discount(*, codes: list[str], customer, subtotal: Decimal) -> Decimal:
    """What the reward codes take off, each on what is left to pay, checked without locking anything."""
    discount = Decimal("0.00")
    for code in codes:
        try:
            reward = reward_validate(code=code, customer=customer)
        except LoyaltyError as exc:
            raise ChannelRequestInvalid(exc.message, field="payments")
        discount += reward_value(reward=reward, order_total=subtotal - discount)
    return min(discount, subtotal)


def _rewards_redeem(*, codes: list[str], customer, order: Order, expected: Decimal, due: Decimal) -> None:
    """Use the codes on what is `due` of the sale, after its stock (the reward rows are locked last but the points
    account); a code used elsewhere in the meantime refuses the whole sale."""
    taken, left = Decimal("0.00"), due
    for code in codes:
        try:
            off = reward_redeem(code=code, customer=customer, order_number=order.number, order_total=left)
        except LoyaltyError as exc:
            raise ChannelRequestInvalid(exc.message, field="payments")
        taken, left = taken + off, left - off
    if min(taken, due) != expected:
        raise ChannelRequestInvalid("A reward code changed while the sale was recorded; try again.", field="payments")


def _paid(payments: list, *, due: Decimal) -> Decimal:
    """What the payments other than reward codes bring, which must be exactly what is due."""
    if any(Decimal(p.amount) < 0 for p in payments):
        raise ChannelRequestInvalid("A payment amount cannot be negative.", field="payments")
    paid = sum((Decimal(p.amount).quantize(CENT) for p in payments if p.method != "reward"), Decimal("0.00"))
    if paid != due:
        raise ChannelRequestInvalid(f"The payments ({paid}) do not add up to what is due ({due}).", field="payments")
    return paid


def _record(
    *, location, external_id, lines, payments, identity, consent, actor, now, number, notify, till_discount
) -> Order:
    priced = priced_lines(lines)
    if not payments or any(p.method not in PAYMENT_METHODS for p in payments):
        message = f"At least one payment is required, each by one of: {', '.join(PAYMENT_METHODS)}."
        raise ChannelRequestInvalid(message, field="payments")
    customer = customer_for(identity=identity, consent=consent, channel=Channel.STORE, country=location.country)
    number = number or order_number_next(channel=Channel.STORE)
    subtotal = sum((line.unit_price * line.quantity for line in priced), Decimal("0.00"))
    # The codes are checked now and used after the stock is sold: stock before rewards, as every path locks them.
    codes = [p.code for p in payments if p.method == "reward"]
    if till_discount > subtotal:
        raise ChannelRequestInvalid("The discount is more than the sale.", field="discount")
    rewards = _rewards_discount(codes=codes, customer=customer, subtotal=subtotal - till_discount)
    discount = till_discount + rewards
    paid = _paid(payments, due=subtotal - discount)
    card = any(p.method == "card" for p in payments)
    order = order_record(
        draft=OrderDraft(
            number=number,
            customer=customer,
            email=customer.email if customer is not None and customer.email else "",
            phone=customer.phone or "" if customer is not None else "",
            channel=Channel.STORE,
            fulfilment=Order.Fulfilment.IN_STORE,
            status=Order.Status.COMPLETED,
            location=location,
            source=location,
            lines=priced,
            payment=OrderPayment(
                method=Order.PaymentMethod.CARD_PRESENT if card else Order.PaymentMethod.CASH,
                status=Order.PaymentStatus.PAID,
                amount_paid=paid,
            ),
            external_id=external_id,
            discount=discount,
        ),
        now=now,
        actor=actor,
    )
    stock_sell(
        location=location,
        lines=[StockLine(variant_id=line.variant.pk, quantity=line.quantity) for line in priced],
        reference=order.number,
        actor=actor,
    )
    _rewards_redeem(codes=codes, customer=customer, order=order, expected=rewards, due=subtotal - till_discount)
    order_points_earn(order=order)
    if order.email and notify:
        outbox_enqueue(
            key=f"receipt:{order.pk}",
            builder="channels.emails.receipt_email",
            context={"order_id": order.pk},
            language=customer_language(customer),
        )
    return order
