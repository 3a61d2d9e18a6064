"""How loyalty reacts to the customers app."""

from django.dispatch import receiver

from customers.signals import customer_merged
from loyalty.services import loyalty_accounts_merge


@receiver(customer_merged, dispatch_uid="loyalty.move_on_customer_merged")
def move_points_on_merge(sender, *, survivor, merged, **kwargs) -> dict | None:
    points = loyalty_accounts_merge(survivor=survivor, merged=merged)
    return {"points": points} if points else None
