"""The clerk's basket and what becomes of it: sold from the shelf through the till's own service, or ordered for the
customer through checkout's. The clerk console is a surface: these compose the apps' services, they own no rule.

Every sale or order of a basket carries the basket's `number`: a double tap, a retry or a second clerk's tap on the
same page posts the same number, and the order already under it is the answer (never a second sale)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from catalog.models import Variant
from channels.services.pos import CustomerIdentity, SaleLine, SalePayment, customer_for, pos_sale_record
from channels.services.store_orders import ORDER_METHODS, OrderChoice
from clerk.models import Basket, BasketLine
from core.exceptions import InvalidRequest
from core.transactions import create_once
from customers.models import Channel, Customer
from customers.selectors import customer_survivor
from inventory.models import Location
from loyalty.exceptions import LoyaltyError
from loyalty.services.rewards import Due, reward_due
from orders.exceptions import CheckoutInvalid
from orders.models import Order
from orders.services import order_number_next
from orders.services.cart import MAX_LINE_QUANTITY
from pickup.checkout import counter_checkout_place

SALE_METHODS = ("cash", "card")


class BasketInvalid(InvalidRequest):
    """The basket cannot be sold or ordered as the page shows it (empty, changed, a bad amount)."""

    code = "basket_invalid"


@transaction.atomic
def basket_for(*, user, location: Location) -> Basket:
    """The clerk's one basket, at the store they work in now (made on first use, with the number it will sell under)."""
    basket = Basket.objects.filter(user=user).select_related("customer").first()
    if basket is None:
        basket = Basket.objects.create(user=user, location=location, number=order_number_next(channel=Channel.STORE))
    elif basket.location_id != location.pk:
        basket.location = location
        basket.save(update_fields=["location", "updated_at"])
    if basket.customer is not None and basket.customer.merged_into_id is not None:
        basket.customer = customer_survivor(customer_id=basket.customer.pk)
        basket.save(update_fields=["customer", "updated_at"])
    return basket


def _quantity(quantity) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 <= quantity <= MAX_LINE_QUANTITY:
        raise BasketInvalid(
            gettext("Quantity must be a whole number from 0 to %(max)d.") % {"max": MAX_LINE_QUANTITY},
            field="quantity",
        )
    return quantity


@transaction.atomic
def basket_line_add(*, basket: Basket, variant: Variant, quantity: int = 1) -> BasketLine:
    """Add units of a variant still sold (to its line if it has one)."""
    _quantity(quantity)
    if not (variant.is_active and variant.product.is_active):
        raise BasketInvalid(gettext("%(sku)s is no longer sold.") % {"sku": variant.sku}, field="variant")
    line, created = BasketLine.objects.get_or_create(basket=basket, variant=variant, defaults={"quantity": quantity})
    if not created:
        line.quantity = _quantity(min(line.quantity + quantity, MAX_LINE_QUANTITY))
        line.save(update_fields=["quantity"])
    Basket.objects.filter(pk=basket.pk).update(updated_at=timezone.now())
    return line


@transaction.atomic
def basket_line_set(*, basket: Basket, variant_id: int, quantity: int) -> None:
    """Set a line's quantity; 0 takes it out."""
    if _quantity(quantity) == 0:
        BasketLine.objects.filter(basket=basket, variant_id=variant_id).delete()
    else:
        BasketLine.objects.filter(basket=basket, variant_id=variant_id).update(quantity=quantity)


@transaction.atomic
def basket_customer_set(*, basket: Basket, customer: Customer | None) -> Basket:
    """Serve this customer (or nobody in particular: anonymous)."""
    basket.customer = customer
    basket.save(update_fields=["customer", "updated_at"])
    return basket


@transaction.atomic
def basket_customer_by_email(*, basket: Basket, email: str, consent: bool) -> Customer:
    """The email typed at the counter finds the customer's profile or creates it, by the till's identity rules, with
    their consent recorded if they gave it; the basket then serves them."""
    customer = customer_for(
        identity=CustomerIdentity(email=email), consent=consent, channel=Channel.STORE, country=basket.location.country
    )
    basket_customer_set(basket=basket, customer=customer)
    return customer


@transaction.atomic
def basket_restart(*, basket: Basket) -> Basket:
    """Empty the basket for the next customer, with a new number for its next sale or order."""
    BasketLine.objects.filter(basket=basket).delete()
    basket.customer = None
    basket.number = order_number_next(channel=Channel.STORE)
    basket.save(update_fields=["customer", "number", "updated_at"])
    return basket


def basket_lines(*, basket: Basket) -> list[BasketLine]:
    """The basket's lines with their variants and products, in the order they were added; one query."""
    return list(BasketLine.objects.filter(basket=basket).select_related("variant__product").order_by("added_at", "pk"))


def basket_due(*, lines: list[BasketLine], customer: Customer | None, reward_code: str = "") -> Due:
    """The basket's total at today's prices, less what the reward code gives (checked, nothing locked)."""
    subtotal = sum((line.variant.price * line.quantity for line in lines), Decimal("0.00"))
    try:
        return reward_due(subtotal=subtotal, customer=customer, reward_code=reward_code)
    except LoyaltyError as exc:
        raise BasketInvalid(exc.message, field="reward_code")


def customer_identity(customer: Customer | None) -> CustomerIdentity | None:
    if customer is None:
        return None
    return CustomerIdentity(card=customer.card_number or "", email=customer.email or "", phone=customer.phone or "")


def counter_sale_record(
    *,
    location: Location,
    number: str,
    lines: list[SaleLine],
    reward_code: str,
    method: str,
    amount: Decimal,
    customer: Customer | None,
    actor,
) -> tuple[Order, bool]:
    """The counter's sale through the till's service under the basket's number, once: the reward code, then
    `amount` paid by `method` (nothing more when the code pays it all). (order, created)."""
    payments = [SalePayment(method="reward", code=reward_code)] if reward_code else []
    if amount > 0 or not payments:
        payments.append(SalePayment(method=method, amount=amount))
    return pos_sale_record(
        location=location,
        idempotency_key=f"clerk-{number}",
        number=number,
        lines=lines,
        payments=payments,
        customer=customer_identity(customer),
        actor=actor,
    )


def basket_lines_checked(basket: Basket, number: str) -> list[BasketLine]:
    if number != basket.number:
        raise BasketInvalid(gettext("The basket has changed since this page was shown; check it and try again."))
    lines = basket_lines(basket=basket)
    if not lines:
        raise BasketInvalid(gettext("The basket is empty."))
    return lines


def basket_order_done(*, number: str) -> Order | None:
    """The order a basket's number was sold or ordered under, if it was."""
    return Order.objects.filter(number=number).select_related("location").first()


def _lines_or_order(basket: Basket, number: str) -> tuple[list[BasketLine], Order | None]:
    """(lines, None) to sell or order the basket under `number`; ([], order) when that number was sold or ordered
    already, also by a first tap that committed while this one read the basket: the order and the emptied basket
    are seen together, so a second tap finds the order, not "The basket is empty"."""
    done = basket_order_done(number=number)
    if done is not None:
        return [], done
    try:
        return basket_lines_checked(basket, number), None
    except BasketInvalid:
        done = basket_order_done(number=number)
        if done is None:
            raise
        return [], done


@transaction.atomic
def basket_sell(*, basket: Basket, number: str, method: str, reward_code: str = "", actor=None) -> tuple[Order, bool]:
    """Sell the basket from this store's shelf, paid now, through the till's service (channel store, this store, this
    clerk): stock sold, points, history and the digital receipt as for any till. (order, created)."""
    lines, done = _lines_or_order(basket, number)
    if done is not None:
        return done, False
    if method not in SALE_METHODS:
        raise BasketInvalid(gettext("Choose cash or card."), field="method")
    due = basket_due(lines=lines, customer=basket.customer, reward_code=reward_code)
    order, created = counter_sale_record(
        location=basket.location,
        number=number,
        lines=[SaleLine(sku=line.variant.sku, quantity=line.quantity, unit_price=line.variant.price) for line in lines],
        reward_code=due.reward_code,
        method=method,
        amount=due.total,
        customer=basket.customer,
        actor=actor,
    )
    if created:
        basket_restart(basket=basket)
    return order, created


@transaction.atomic
def basket_order(
    *, basket: Basket, number: str, choice: OrderChoice, actor=None, methods: tuple = ORDER_METHODS
) -> tuple[Order, bool]:
    """Order the basket for the customer through checkout (stock held, ship to store, the window, the confirmation
    email), channel store, with this store and clerk on its history. (order, created)."""
    lines, done = _lines_or_order(basket, number)
    if done is not None:
        return done, False
    if choice.payment not in methods:
        raise CheckoutInvalid(gettext("Choose how the customer pays."), field="payment")
    customer = basket.customer
    if customer is None or not customer.email:
        raise CheckoutInvalid(gettext("An order needs the customer's email: type it at the counter."), field="email")

    def place() -> Order:
        return counter_checkout_place(
            cart_key=f"clerk-basket-{basket.pk}",
            lines=[(line.variant, line.quantity) for line in lines],
            store=basket.location,
            actor=actor,
            email=customer.email,
            name=choice.address["name"] if choice.address else customer.display_name,
            customer=customer,
            fulfilment=choice.fulfilment,
            location=choice.location,
            payment_method=choice.payment,
            address=choice.address,
            reward_code=choice.reward_code,
            number=number,
            slot=choice.slot,
        )

    order, created = create_once(find=lambda: basket_order_done(number=number), create=place)
    if created:
        basket_restart(basket=basket)
    return order, created
