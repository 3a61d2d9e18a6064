"""Celery tasks for stock: thin, idempotent, taking ids."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from inventory import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def reservations_expire() -> int:
    """Run by beat: release holds whose expiry has passed (unpaid card orders, uncollected pickups)."""
    return len(services.stock_reservations_expire(now=timezone.now()))
