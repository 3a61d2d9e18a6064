"""Beat's work for the counter: thin wrappers around the services."""

from celery import shared_task
from django.utils import timezone

from clerk.reader_orders import reader_orders_send_due


@shared_task
def reader_orders_send() -> int:
    """Orders whose card could not be handed to the store's reader: sent again while they wait for payment."""
    return reader_orders_send_due(now=timezone.now())
