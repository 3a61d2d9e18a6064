"""How pickup follows the orders app: each pickup order's desk record in step with every status change."""

from django.dispatch import receiver

from orders.models import Order
from orders.signals import order_status_changed
from pickup import services


@receiver(order_status_changed, dispatch_uid="pickup.follow_order_status")
def follow_order(sender, *, order: Order, from_status: str, actor=None, **kwargs) -> None:
    if order.fulfilment == Order.Fulfilment.PICKUP and order.location_id:
        services.pickup_follow_order(order=order, from_status=from_status, actor=actor)
