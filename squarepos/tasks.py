"""Celery tasks of the Square connector: thin, taking ids, safe to run twice."""

from celery import shared_task
from django.db import OperationalError

from squarepos import events
from squarepos.client import connector_on
from squarepos.links import linked_stores
from squarepos.stock import stock_sync


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def square_event_process(event_pk: int) -> str:
    """Work through one stored webhook event (queued after the commit that stored it)."""
    return events.event_process(event_pk=event_pk)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def square_events_retry_due() -> int:
    """Beat, every minute: events still waiting (Square was down, the database busy, the task lost)."""
    return events.events_retry_due()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def square_stock_push() -> int:
    """Beat, every minute: the stock levels of linked stores that changed, as Square counts; 0 while off."""
    if not connector_on() or not linked_stores():
        return 0
    return stock_sync(full=False).objects
