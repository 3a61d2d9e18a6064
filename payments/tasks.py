"""Celery tasks of payments: thin wrappers that ask Stripe outside any transaction."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from payments.exceptions import RefundRefused


@shared_task(autoretry_for=(Exception,), dont_autoretry_for=(RefundRefused,), retry_backoff=True, max_retries=8)
def refund_send_task(key: str) -> str:
    """After the commit that wrote it: ask Stripe for one refund. A refusal by Stripe is not retried (the row is
    gone and the order's history says so); a lost task is made good by `refunds_send_due`."""
    from payments.services import refund_send

    refund = refund_send(key=key)
    return refund.stripe_refund_id if refund else ""


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refunds_send_due() -> int:
    """Run by beat: card refunds that Stripe has not answered ten minutes after they were written are asked again."""
    from payments.services import refunds_send_due as send_due

    return send_due(now=timezone.now())
