"""Carts as rows: add, change, remove and merge lines; quantities are checked here, prices are never taken from them."""

from django.db import transaction
from django.utils.translation import gettext

from catalog.models import Variant
from customers.models import Customer
from inventory.exceptions import InsufficientStock, ShortLine, UnknownVariant
from orders.exceptions import CheckoutInvalid
from orders.models import Cart, CartLine
from orders.selectors import promisable_by_variant

# One line never asks for more than this; a larger number is a typo or an attack, not a purchase.
MAX_LINE_QUANTITY = 99


def quantity_check(quantity) -> int:
    """A whole number from 1 to MAX_LINE_QUANTITY, or a clear error naming the field (bools and floats refused)."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise CheckoutInvalid(gettext("Quantity must be a whole number."), field="quantity")
    if quantity < 1:
        raise CheckoutInvalid(gettext("Quantity must be at least 1."), field="quantity")
    if quantity > MAX_LINE_QUANTITY:
        raise CheckoutInvalid(
            gettext("Quantity can be at most %(max)d.") % {"max": MAX_LINE_QUANTITY}, field="quantity"
        )
    return quantity


def _sellable(variant: Variant) -> Variant:
    if not variant.is_active or not variant.product.is_active:
        raise UnknownVariant([variant.sku])
    return variant


def _lock_cart(cart: Cart) -> Cart:
    return Cart.objects.select_for_update(of=("self",), no_key=True).get(pk=cart.pk)


def _promise_check(*, variant: Variant, quantity: int) -> None:
    available = promisable_by_variant(variant_ids=[variant.pk]).get(variant.pk, 0)
    if quantity > available:
        raise InsufficientStock([ShortLine(sku=variant.sku, requested=quantity, available=available)])


# The session entry naming an anonymous cart; it survives log-in (Django keeps session data when it rotates the key).
SESSION_CART_KEY = "cart_key"


@transaction.atomic
def cart_for_session(*, session_key: str) -> Cart:
    """The anonymous cart behind a random key kept in the visitor's session, made on first use."""
    cart, _ = Cart.objects.get_or_create(session_key=session_key, customer=None)
    return cart


@transaction.atomic
def cart_for_customer(*, customer: Customer) -> Cart:
    """The customer's one cart, made on first use."""
    cart, _ = Cart.objects.get_or_create(customer=customer)
    return cart


@transaction.atomic
def cart_line_add(*, cart: Cart, variant: Variant, quantity: int) -> CartLine:
    """Add units of a variant (to the line it already has), never more than some location can promise."""
    quantity_check(quantity)
    _sellable(variant)
    _lock_cart(cart)
    line = CartLine.objects.filter(cart=cart, variant=variant).first()
    total = quantity + (line.quantity if line else 0)
    if total > MAX_LINE_QUANTITY:
        raise CheckoutInvalid(
            gettext("Quantity can be at most %(max)d.") % {"max": MAX_LINE_QUANTITY}, field="quantity"
        )
    _promise_check(variant=variant, quantity=total)
    if line is None:
        return CartLine.objects.create(cart=cart, variant=variant, quantity=total, price_when_added=variant.price)
    line.quantity = total
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def cart_line_set(*, cart: Cart, variant: Variant, quantity: int) -> CartLine:
    """Set a line's quantity (the line must be in the cart); the price seen when it was added is kept."""
    quantity_check(quantity)
    _lock_cart(cart)
    line = CartLine.objects.filter(cart=cart, variant=variant).first()
    if line is None:
        raise UnknownVariant([variant.sku])
    if quantity > line.quantity:
        _promise_check(variant=_sellable(variant), quantity=quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def cart_line_remove(*, cart: Cart, variant: Variant) -> bool:
    """Take a variant out of the cart; False when it was not in it."""
    deleted, _ = CartLine.objects.filter(cart=cart, variant=variant).delete()
    return bool(deleted)


@transaction.atomic
def cart_merge(*, source: Cart, target: Cart) -> Cart:
    """Move an anonymous cart into the customer's at login: quantities added, capped at what can be promised."""
    if source.pk == target.pk:
        return target
    carts = list(Cart.objects.select_for_update(of=("self",)).filter(pk__in=[source.pk, target.pk]).order_by("pk"))
    if len(carts) < 2:
        return target
    incoming = list(CartLine.objects.filter(cart=source).select_related("variant__product"))
    existing = {line.variant_id: line for line in CartLine.objects.filter(cart=target)}
    promisable = promisable_by_variant(variant_ids=[line.variant_id for line in incoming])
    for line in incoming:
        if not line.variant.is_active or not line.variant.product.is_active:
            continue
        mine = existing.get(line.variant_id)
        wanted = line.quantity + (mine.quantity if mine else 0)
        cap = min(MAX_LINE_QUANTITY, max(promisable.get(line.variant_id, 0), mine.quantity if mine else 0))
        quantity = min(wanted, cap)
        if mine is not None:
            mine.quantity = quantity
            mine.save(update_fields=["quantity"])
        elif quantity > 0:
            CartLine.objects.create(
                cart=target, variant=line.variant, quantity=quantity, price_when_added=line.price_when_added
            )
    source.delete()
    return target
