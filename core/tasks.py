"""Celery tasks of the outbox: thin, taking ids."""

from celery import shared_task
from django.db import OperationalError

from core import outbox


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def outbox_send(message_id: int) -> bool:
    """Send one outbox message; a second run sends nothing."""
    return outbox.outbox_send(message_id=message_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def outbox_drain() -> int:
    """Run by beat every minute: send messages the broker or the mail server let down."""
    return outbox.outbox_drain()
