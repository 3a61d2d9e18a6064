"""Placing an order from a cart: prices from the catalog, stock held through inventory, all in one transaction."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from catalog.models import Product, Variant
from core.rows import row_built
from customers.models import Channel, Customer
from customers.normalize import normalize_email
from customers.services import customer_phone_fill, customer_resolve
from inventory.models import Location
from inventory.selectors import pickup_ready_at
from loyalty.exceptions import LoyaltyError
from loyalty.services import reward_validate
from orders.exceptions import CheckoutInvalid, EmptyCart, UnknownLocation
from orders.models import Cart, CartLine, Order
from orders.selectors import pickup_choice, ship_source
from orders.services.recording import OrderDraft, OrderPayment, PricedLine, order_record

NUMBER_PREFIX = {
    Channel.WEB: "W",
    Channel.APP: "A",
    Channel.PHONE: "P",
    Channel.STORE: "S",
    Channel.MARKETPLACE: "M",
    Channel.SOCIAL: "SO",
}
ADDRESS_FIELDS = ("name", "line1", "postal_code", "city", "country")
ONLINE_PAYMENTS = (Order.PaymentMethod.CARD, Order.PaymentMethod.PAY_AT_PICKUP)
# An order placed at a store's counter for the customer (endless aisle) may be paid there and then.
COUNTER_PAYMENTS = (Order.PaymentMethod.CASH, Order.PaymentMethod.CARD_PRESENT)
NUMBER_SEQUENCE = "orders_order_number_seq"


def order_number_next(*, channel: str) -> str:
    """A new human order number, e.g. W-100042, from one database sequence (unique without a lock)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [NUMBER_SEQUENCE])
        return _number(channel, cursor.fetchone()[0])


def _number(channel: str, value: int) -> str:
    return f"{NUMBER_PREFIX.get(channel, 'W')}-{value}"


def _check_choice(value: str, allowed, *, field: str) -> str:
    if value not in allowed:
        names = ", ".join(str(choice) for choice in allowed)
        raise CheckoutInvalid(f"{field.capitalize()} must be one of: {names}.", field=field)
    return value


def address_check(address: dict | None) -> dict:
    if not isinstance(address, dict):
        raise CheckoutInvalid(gettext("A delivery address is needed for shipping."), field="address")
    clean = {key: str(address.get(key) or "").strip()[:200] for key in ADDRESS_FIELDS}
    clean["country"] = (clean["country"] or settings.SHOP_COUNTRY).upper()[:2]
    empty = [key for key in ADDRESS_FIELDS if not clean[key]]
    if empty:
        raise CheckoutInvalid(f"The address needs: {', '.join(empty)}.", field="address")
    return clean


def pickup_store_check(location: Location | None) -> Location:
    if location is None:
        raise CheckoutInvalid(gettext("Choose a store to pick up from."), field="location")
    if not (location.is_active and location.is_pickup_point and location.kind == Location.Kind.STORE):
        raise UnknownLocation(location.code)
    return location


def name_split(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first[:100], last[:100]


# Checkout's statements on the cart, written once rather than built by the ORM per order (columns in field order).
LINE_MODELS = (("l", CartLine), ("v", Variant), ("p", Product))
CART_LOCK = "SELECT {} FROM orders_cart WHERE id = %s FOR NO KEY UPDATE"
LINE_COLUMNS = ", ".join(f"{a}.{f.column}" for a, model in LINE_MODELS for f in model._meta.concrete_fields)
# Each line's variant by its key, whatever the planner guesses of a cart's size: a join it may choose reads the whole
# catalog instead when the cart lines' statistics are missing (0.15 ms becomes 1.3–2 ms at 10,000 variants).
CART_LINES = (
    f"SELECT {LINE_COLUMNS} FROM orders_cartline l "  # noqa: S608
    "CROSS JOIN LATERAL (SELECT * FROM catalog_variant WHERE id = l.variant_id OFFSET 0) v "
    "JOIN catalog_product p ON p.id = v.product_id WHERE l.cart_id = %s ORDER BY l.added_at, l.id"
)


def _line_built(row: tuple, db) -> CartLine:
    """A cart line, its variant and its product from one row of CART_LINES, converted as the ORM converts them."""
    built, start = [], 0
    for _, model in LINE_MODELS:
        built.append(row_built(model, row, db, start=start))
        start += len(model._meta.concrete_fields)
    line, line.variant, line.variant.product = built[0], built[1], built[2]
    return line


def _cart_lines(cart: Cart, *, draw_number: bool) -> tuple[int | None, list[CartLine]]:
    """The cart's lines under its lock, and (`draw_number`) the value of the order's number, drawn with the lock."""
    # The cart's row first, then its lines in a statement of their own: a second checkout of this cart waits for
    # the lock and then reads the lines as the first left them (none), never the ones it saw before waiting.
    # The number rides on the lock's round trip; a checkout refused after it leaves a gap, as a sequence may.
    db = transaction.get_connection()  # the connection itself: its proxy costs a lookup per value converted
    with db.cursor() as cursor:
        cursor.execute(CART_LOCK.format(f"nextval('{NUMBER_SEQUENCE}')" if draw_number else "id"), [cart.pk])
        locked = cursor.fetchone()
        cursor.execute(CART_LINES, [cart.pk])
        lines = [_line_built(row, db) for row in cursor.fetchall()]
    if not lines:
        raise EmptyCart()
    gone = [line.variant.sku for line in lines if not (line.variant.is_active and line.variant.product.is_active)]
    if gone:
        raise CheckoutInvalid(
            ngettext(
                "No longer sold: %(skus)s. Remove it from your cart.",
                "No longer sold: %(skus)s. Remove them from your cart.",
                len(gone),
            )
            % {"skus": ", ".join(gone)},
            field="cart",
        )
    return (locked[0] if draw_number else None), lines


def _cart_empty(cart: Cart) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM orders_cartline WHERE cart_id = %s", [cart.pk])


def stock_plan(
    *, fulfilment: str, location: Location | None, wanted: dict[int, int], skus: dict[int, str], now: datetime
) -> tuple[Location, datetime | None]:
    """Where the units are held and when the shopper may collect them (the source may lack stock: reserve says so)."""
    if fulfilment == Order.Fulfilment.SHIP:
        source = ship_source(wanted=wanted)
        if source is None:  # nobody has it all: reserving at the warehouse names what is missing
            source = Location.objects.filter(kind=Location.Kind.WAREHOUSE, is_active=True).order_by("name").first()
        if source is None:
            raise CheckoutInvalid(gettext("There is no location to send this order from."), field="fulfilment")
        return source, None
    choice = pickup_choice(location=location, wanted=wanted, skus=skus, now=now)
    if choice.source is None:
        return location, pickup_ready_at(location=location, now=now)
    return choice.source, choice.ready_at


def _check_reward(code: str, *, customer: Customer) -> str:
    """A reward code the shopper typed, checked before the order is written; empty when none was given."""
    code = (code or "").strip()
    if not code:
        return ""
    try:
        return reward_validate(code=code, customer=customer).code
    except LoyaltyError as exc:
        raise CheckoutInvalid(exc.message, field="reward_code")


def _destination(
    *, fulfilment: str, payment_method: str, location: Location | None, address: dict | None, channel: str
) -> tuple[Location | None, dict]:
    """Where the order goes: a pickup store (no address), or an address (no store, and not paid at a pickup)."""
    _check_choice(fulfilment, (Order.Fulfilment.PICKUP, Order.Fulfilment.SHIP), field="fulfilment")
    payments = ONLINE_PAYMENTS + COUNTER_PAYMENTS if channel == Channel.STORE else ONLINE_PAYMENTS
    _check_choice(payment_method, payments, field="payment")
    if fulfilment == Order.Fulfilment.PICKUP:
        return pickup_store_check(location), {}
    if payment_method == Order.PaymentMethod.PAY_AT_PICKUP:
        raise CheckoutInvalid(gettext("Pay at pickup is only for orders picked up in a store."), field="payment")
    return None, address_check(address)


def _buyer(
    *, email: str, name: str, phone: str, customer: Customer | None, channel: str, country: str
) -> tuple[str, Customer]:
    """The confirmation address and the one customer behind it, found or made before the cart is locked (the lock
    order). A phone typed here never picks the customer (anyone may type any number), but a profile without one
    keeps it, so the clerk finds them by it."""
    email = normalize_email(email) if email else (customer.email if customer else "")
    if not email:
        raise CheckoutInvalid(gettext("An email address is needed for the confirmation."), field="email")
    if customer is None:
        first, last = name_split(name)
        customer = customer_resolve(email=email, first_name=first, last_name=last, channel=channel)
    if phone:
        customer_phone_fill(customer=customer, phone=phone, channel=channel, country=country)
    return email, customer


def _card_expiry(now: datetime) -> datetime:
    """When an unpaid card order's units go back on sale."""
    return now + timedelta(minutes=settings.CHECKOUT_PAYMENT_TIMEOUT)


def order_place(**arguments) -> Order:
    """`order_place_inside` (same arguments) in a transaction of its own, or a savepoint of the caller's: a caller that
    catches a refusal finds nothing of the order written."""
    with transaction.atomic():
        return order_place_inside(**arguments)


def order_place_inside(
    *,
    cart: Cart,
    email: str,
    name: str = "",
    phone: str = "",
    customer: Customer | None = None,
    fulfilment: str,
    location: Location | None = None,
    payment_method: str,
    address: dict | None = None,
    channel: str = Channel.WEB,
    reward_code: str = "",
    number: str | None = None,
    actor=None,
    now: datetime | None = None,
) -> Order:
    """Turn a cart into an order: lines at today's catalog prices, stock reserved under the order number, the cart
    emptied. Raises InsufficientStock (the cart is kept) when a line can no longer be served.

    Runs in the caller's transaction, without a savepoint of its own: the caller (checkout) rolls all of it back on
    any error, so refusals raised after the first write leave nothing behind."""
    if not connection.in_atomic_block:
        raise TransactionManagementError("order_place_inside runs in its caller's transaction; use order_place.")
    now = now or timezone.now()
    location, address = _destination(
        fulfilment=fulfilment, payment_method=payment_method, location=location, address=address, channel=channel
    )
    country = location.country if location is not None else address["country"]
    email, customer = _buyer(email=email, name=name, phone=phone, customer=customer, channel=channel, country=country)
    drawn, lines = _cart_lines(cart, draw_number=number is None)
    reward_code = _check_reward(reward_code, customer=customer)
    wanted = {line.variant_id: line.quantity for line in lines}
    skus = {line.variant_id: line.variant.sku for line in lines}
    source, ready_at = stock_plan(fulfilment=fulfilment, location=location, wanted=wanted, skus=skus, now=now)
    card = payment_method == Order.PaymentMethod.CARD
    draft = OrderDraft(
        number=number or _number(channel, drawn),
        customer=customer,
        email=email,
        name=name,
        phone=phone,
        channel=channel,
        fulfilment=fulfilment,
        status=Order.Status.PENDING if card else Order.Status.PLACED,
        location=location,
        source=source,
        address=address,
        ready_at=ready_at,
        payment=OrderPayment(method=payment_method, expires_at=_card_expiry(now) if card else None),
        lines=[PricedLine(line.variant, line.quantity, unit_price=line.variant.price) for line in lines],
        shipping=Decimal(settings.SHIPPING_FEE) if fulfilment == Order.Fulfilment.SHIP else Decimal("0.00"),
        reward_code=reward_code,
    )
    order = order_record(draft=draft, now=now, actor=actor)
    if payment_method in COUNTER_PAYMENTS:
        # Paid at the store's counter while the order was placed: its total after any reward code, once.
        order.payment_status, order.amount_paid = Order.PaymentStatus.PAID, order.total
        order.save(update_fields=["payment_status", "amount_paid"])
    _cart_empty(cart)
    return order
