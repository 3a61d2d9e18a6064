"""The customer's timeline: one row per thing that happened, whatever the channel."""

from django.utils import timezone

from customers.models import Customer, TimelineEvent


def timeline_record(
    *, customer: Customer, kind: str, summary: str, channel: str = "", reference: str = "", occurred_at=None
) -> TimelineEvent:
    """Add one event to the customer's timeline."""
    return TimelineEvent.objects.create(
        customer=customer,
        kind=kind,
        summary=summary[:200],
        channel=channel,
        reference=reference,
        occurred_at=occurred_at or timezone.now(),
    )
