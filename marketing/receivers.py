"""How marketing follows the customers app: a merged-away profile's claims and alerts move to the survivor."""

from django.dispatch import receiver

from customers.signals import customer_merged
from marketing.services import marketing_rows_move


@receiver(customer_merged, dispatch_uid="marketing.move_on_customer_merged")
def move_marketing_on_merge(sender, *, survivor, merged, **kwargs) -> dict | None:
    moved = marketing_rows_move(survivor=survivor, merged=merged)
    return {"marketing": moved} if moved else None
