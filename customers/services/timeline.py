"""The customer's timeline: one row per thing that happened, whatever the channel."""

from django.utils import timezone

from customers.models import Customer, TimelineEvent
from customers.timeline_text import timeline_english


def timeline_record(
    *,
    customer: Customer,
    kind: str,
    message: str = "",
    params: dict | None = None,
    summary: str = "",
    channel: str = "",
    reference: str = "",
    occurred_at=None,
) -> TimelineEvent:
    """Add one event to the customer's timeline: what happened as a message and its values (written in the reader's
    language when read), kept in English as its summary too; a bare `summary` is shown as it stands."""
    params = params or {}
    if message:
        summary = summary or timeline_english(message=message, params=params)
    return TimelineEvent.objects.create(
        customer=customer,
        kind=kind,
        message=message,
        params=params,
        summary=summary[:200],
        channel=channel,
        reference=reference,
        occurred_at=occurred_at or timezone.now(),
    )
