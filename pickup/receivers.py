"""How pickup follows the orders app: a desk record for each pickup order, in step with every status change."""

from django.dispatch import receiver

from orders.models import Order
from orders.signals import order_placed, order_status_changed
from pickup import services


@receiver(order_placed, dispatch_uid="pickup.open_on_order_placed")
def open_pickup(sender, *, order: Order, slot=None, **kwargs) -> None:
    """In the checkout's transaction: a full or unknown window raises and the order is not placed."""
    if order.fulfilment == Order.Fulfilment.PICKUP:
        services.pickup_open(order=order, slot_start=slot)


@receiver(order_status_changed, dispatch_uid="pickup.follow_order_status")
def follow_order(sender, *, order: Order, from_status: str, actor=None, **kwargs) -> None:
    if order.fulfilment == Order.Fulfilment.PICKUP and order.location_id:
        services.pickup_follow_order(order=order, from_status=from_status, actor=actor)
