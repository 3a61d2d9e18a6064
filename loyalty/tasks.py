"""Celery beat tasks of loyalty: thin wrappers around the expiry services, each safe to run twice."""

from celery import shared_task

from loyalty.services import expiry_reminders_send_due, points_expire_due


@shared_task
def points_expire_all() -> int:
    """Expire old points on every account (FIFO, keyed per credit, so a rerun adds nothing)."""
    return points_expire_due()


@shared_task
def expiry_reminders_send_all() -> int:
    """Tell each customer once, 30 days ahead, about points that are about to expire."""
    return expiry_reminders_send_due()
