"""The daily low-stock email each store gets: scheduled after commit, claimed once per store and day, sent by the outbox."""

from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.outbox import outbox_enqueue
from inventory.models import Location
from replenishment.models import LowStockDigest
from replenishment.selectors import reorder_suggestions

# Stores get their digest in the morning, local time, whenever the hourly beat first runs after this hour.
DIGEST_LOCAL_HOUR = 6


def _local_day(location: Location, now: datetime) -> date | None:
    local = now.astimezone(ZoneInfo(location.timezone))
    return local.date() if local.hour >= DIGEST_LOCAL_HOUR else None


@transaction.atomic
def low_stock_digests_schedule(*, now: datetime | None = None) -> list[tuple[int, date]]:
    """Enqueue today's digest for every active location with an email that has not had one (after commit)."""
    from replenishment.tasks import low_stock_digest_send as send_task

    now = now or timezone.now()
    locations = list(Location.objects.filter(is_active=True).exclude(email=""))
    # Local days differ from UTC by at most a day either way.
    sent = set(
        LowStockDigest.objects.filter(
            location__in=locations, day__gte=now.date() - timedelta(days=1), day__lte=now.date() + timedelta(days=1)
        ).values_list("location_id", "day")
    )
    due = []
    for location in locations:
        day = _local_day(location, now)
        if day is not None and (location.pk, day) not in sent:
            due.append((location.pk, day))
            transaction.on_commit(partial(send_task.delay, location.pk, day.isoformat()))
    return due


@transaction.atomic
def low_stock_digest_send(*, location_id: int, day: date) -> LowStockDigest | None:
    """Claim one store's digest for one day and put its email in the outbox; None when that day was claimed."""
    location = Location.objects.get(pk=location_id)
    try:
        with transaction.atomic():
            digest = LowStockDigest.objects.create(location=location, day=day)
    except IntegrityError:
        return None
    digest.lines = len(reorder_suggestions(location=location))
    digest.save(update_fields=["lines"])
    if digest.lines and location.email:
        outbox_enqueue(
            key=f"low-stock-digest:{location.pk}:{day.isoformat()}",
            builder="replenishment.emails.low_stock_digest_email",
            context={"location_id": location.pk, "day": day.isoformat()},
        )
    return digest
