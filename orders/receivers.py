"""How orders react to the customers app."""

from django.dispatch import receiver

from customers.signals import customer_merged
from orders.services import orders_move_to_customer


@receiver(customer_merged, dispatch_uid="orders.move_on_customer_merged")
def move_orders_on_merge(sender, *, survivor, merged, **kwargs) -> str | None:
    moved = orders_move_to_customer(survivor=survivor, merged=merged)
    return f"{moved} order{'s' if moved != 1 else ''} moved" if moved else None
