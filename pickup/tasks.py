"""Celery tasks of the pickup desk: thin wrappers around its services (messages leave through the outbox)."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from payments.exceptions import RefundRefused


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


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def pickup_payment_refund(order_id: int) -> bool:
    """After an expiry commits: give the card payment back, with an idempotency key per order."""
    from pickup.services import pickup_payment_refund as refund

    return refund(order_id=order_id)


@shared_task(autoretry_for=(Exception,), dont_autoretry_for=(RefundRefused,), retry_backoff=True, max_retries=8)
def pickup_refused_refund(order_id: int) -> str:
    """After a handover commits: ask Stripe for the refund of the refused lines written with it. A refusal by Stripe
    is not retried (the order's history names the amount for staff); a lost task is made good by the sweep below."""
    from pickup.services import pickup_refused_lines_refund

    return pickup_refused_lines_refund(order_id=order_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def pickup_refunds_complete() -> int:
    """Run by beat: card refunds of the pickup desk that Stripe has not answered ten minutes on are asked again."""
    from pickup.services import pickup_refunds_complete as complete

    return complete(now=timezone.now())
