"""How payments follows the orders app: an order that closes with card money on it gives that money back."""

from django.dispatch import receiver

from orders.services.status import RELEASING
from orders.signals import order_status_changed
from payments.services import order_closed_refund


@receiver(order_status_changed, dispatch_uid="payments.refund_closed_order")
def refund_closed_order(sender, *, order, to_status: str, **kwargs) -> None:
    """In the transaction that cancelled or expired the order, whichever path did it: the refund is written there
    (key cancel:<number>) and asked of Stripe after the commit. A side effect: it never refuses the change."""
    if to_status in RELEASING:
        order_closed_refund(order=order)
