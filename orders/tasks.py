"""Celery tasks of the orders app: thin wrappers around the order services."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def orders_expire_unpaid() -> int:
    """Release the stock of card orders whose payment never came (CHECKOUT_PAYMENT_TIMEOUT)."""
    from orders.services import orders_expire_unpaid as expire

    return expire(now=timezone.now())
