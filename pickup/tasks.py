"""Celery tasks of the pickup desk: thin wrappers around its services (messages leave through the outbox)."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def pickups_expire() -> int:
    """Run by beat: cancel ready pickups past their hold (PICKUP_HOLD_DAYS)."""
    from pickup.services import pickups_expire as expire

    return len(expire(now=timezone.now()))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def pickup_reminders_send() -> int:
    """Run by beat: remind shoppers PICKUP_REMINDER_BEFORE hours before their hold ends, once each."""
    from pickup.services import pickup_reminders_send as remind

    return remind(now=timezone.now())
