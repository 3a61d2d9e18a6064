"""Celery tasks of the orders app: thin wrappers around the order services and emails."""

import smtplib

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from orders.emails import order_confirmation_email
from orders.models import Order


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=5)
def order_confirmation_deliver(order_id: int) -> bool:
    """Render and send the confirmation; a second run for the same order sends nothing."""
    # Claim the send with one conditional update (no lock is held while the mail server is slow); a failure gives
    # the claim back so that the retry sends it.
    claimed = (
        Order.objects.filter(pk=order_id, confirmation_sent_at__isnull=True)
        .exclude(email="")
        .update(confirmation_sent_at=timezone.now())
    )
    if not claimed:
        return False
    try:
        order_confirmation_email(order_id=order_id).send()
    except Exception:
        Order.objects.filter(pk=order_id).update(confirmation_sent_at=None)
        raise
    return True


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def orders_expire_unpaid() -> int:
    """Release the stock of card orders whose payment never came (CHECKOUT_PAYMENT_TIMEOUT)."""
    from orders.services import orders_expire_unpaid as expire

    return expire(now=timezone.now())
