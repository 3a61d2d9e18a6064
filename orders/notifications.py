"""The one place order emails are handed to delivery, so the way they leave (Celery now) changes in one line."""

from django.db import transaction


def order_confirmation_send(*, order_id: int) -> None:
    """Send the confirmation once the order is committed; a rolled-back order sends nothing."""
    from orders.tasks import order_confirmation_deliver

    transaction.on_commit(lambda: order_confirmation_deliver.delay(order_id))
