"""Celery tasks of the low-stock digest: thin, idempotent, taking ids."""

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from replenishment import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def low_stock_digest_send_all() -> int:
    """Run hourly by beat: enqueue each store's digest once its local morning has come."""
    return len(services.low_stock_digests_schedule(now=timezone.now()))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def low_stock_digest_send(location_id: int, day: str) -> bool:
    """Send one store's digest for one day (ISO date); a second run sends nothing."""
    return services.low_stock_digest_send(location_id=location_id, day=date.fromisoformat(day)) is not None
