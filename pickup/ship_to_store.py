"""Ship to store: an order's units travel to its pickup store on a transfer, which holds them for the order on the
way and on arrival (transfers.Transfer.hold_reference). Staff ship and receive it like any transfer; pickup writes
each leg on the order, for staff and the customer, once the transfer's step has committed."""

from django.db import transaction
from django.dispatch import receiver

from orders.models import Order
from orders.services import order_progress_note
from transfers.models import Transfer
from transfers.signals import transfer_received, transfer_shipped


@transaction.atomic
def order_transfer_noted(*, transfer: Transfer, arrived: bool, actor=None) -> Order | None:
    """Note the leg on the order the transfer carries (and, on arrival, that its units are held at the store)."""
    order_id = Order.objects.filter(transfer_id=transfer.pk).values_list("pk", flat=True).first()
    if order_id is None:
        return None
    store = transfer.destination
    message = "arrived_at" if arrived else "sent_to"
    order = order_progress_note(order_id=order_id, message=message, params={"store": store.name}, actor=actor)
    if arrived:
        order.stock_location = store
        order.save(update_fields=["stock_location"])
    return order


@receiver(transfer_shipped, dispatch_uid="pickup.order_units_sent")
def order_units_sent(sender, *, transfer: Transfer, actor=None, **kwargs) -> None:
    order_transfer_noted(transfer=transfer, arrived=False, actor=actor)


@receiver(transfer_received, dispatch_uid="pickup.order_units_arrived")
def order_units_arrived(sender, *, transfer: Transfer, actor=None, **kwargs) -> None:
    order_transfer_noted(transfer=transfer, arrived=True, actor=actor)
