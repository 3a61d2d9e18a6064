"""How orders react to the customers app and to shoppers logging in."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from customers.models import Customer
from customers.signals import customer_merged
from orders.models import Cart
from orders.services import SESSION_CART_KEY, cart_for_customer, cart_merge, orders_move_to_customer


@receiver(customer_merged, dispatch_uid="orders.move_on_customer_merged")
def move_orders_on_merge(sender, *, survivor, merged, **kwargs) -> str | None:
    moved = orders_move_to_customer(survivor=survivor, merged=merged)
    return f"{moved} order{'s' if moved != 1 else ''} moved" if moved else None


@receiver(user_logged_in, dispatch_uid="orders.merge_cart_on_login")
def merge_cart_on_login(sender, request, user, **kwargs) -> None:
    """What a visitor put in the cart before logging in joins the customer's cart (the customers app links first)."""
    key = request.session.get(SESSION_CART_KEY) if request is not None else None
    if not key:
        return
    anonymous = Cart.objects.filter(session_key=key, customer=None).first()
    customer = Customer.objects.filter(user=user, merged_into__isnull=True).first()
    if anonymous is None or customer is None:
        return
    cart_merge(source=anonymous, target=cart_for_customer(customer=customer))
    request.session.pop(SESSION_CART_KEY, None)
