"""Celery tasks of the customer emails: thin wrappers around the marketing services (each send is keyed per
customer and period, so a rerun sends nothing twice; mail leaves through the outbox)."""

from celery import shared_task
from django.db import OperationalError

from marketing import services as marketing

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def bought_together_refresh() -> int:
    """Nightly: recount products bought in the same order, for the recommendations."""
    return marketing.bought_together_refresh()


@shared_task(**RETRY)
def wishlist_back_in_stock() -> int:
    return marketing.wishlist_back_in_stock_run()


@shared_task(**RETRY)
def wishlist_price_drop() -> int:
    return marketing.wishlist_price_drop_run()


@shared_task(**RETRY)
def after_purchase() -> int:
    return marketing.after_purchase_run()


@shared_task(**RETRY)
def personal_picks_schedule() -> int:
    return marketing.personal_picks_schedule()


@shared_task(**RETRY)
def personal_pick_send_task(customer_id: int, key: str) -> bool:
    return marketing.personal_pick_send(customer_id=customer_id, key=key)
