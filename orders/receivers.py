"""How orders react to the customers and inventory apps and to shoppers logging in."""

from allauth.account.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from customers.models import Customer
from customers.signals import customer_merged
from inventory.signals import reservation_expired
from orders.models import Cart, Order
from orders.services import SESSION_CART_KEY, cart_for_customer, cart_merge, orders_move_to_customer


@receiver(customer_merged, dispatch_uid="orders.move_on_customer_merged")
def move_orders_on_merge(sender, *, survivor, merged, **kwargs) -> dict | None:
    moved = orders_move_to_customer(survivor=survivor, merged=merged)
    return {"orders": moved} if moved else None


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


@receiver(reservation_expired, dispatch_uid="orders.expire_on_hold_released")
def expire_order_on_hold_released(sender, *, reference, **kwargs) -> None:
    """An unpaid card order's hold ran out in inventory's sweep: expire the order too. Not here, under the stock
    locks the sweep holds (the order is locked before stock everywhere else), but in orders' own run after commit."""
    from orders.tasks import orders_expire_unpaid

    if Order.objects.filter(number=reference, status=Order.Status.PENDING).exists():
        transaction.on_commit(orders_expire_unpaid.delay)
