"""The daily low-stock email each store gets: scheduled after commit, sent at most once per store and day."""

from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inventory.models import Location, LowStockDigest
from inventory.selectors import reorder_suggestions

# Stores get their digest in the morning, local time, whenever the hourly beat first runs after this hour.
DIGEST_LOCAL_HOUR = 6


def _local_day(location: Location, now: datetime) -> date | None:
    local = now.astimezone(ZoneInfo(location.timezone))
    return local.date() if local.hour >= DIGEST_LOCAL_HOUR else None


@transaction.atomic
def low_stock_digests_schedule(*, now: datetime | None = None) -> list[tuple[int, date]]:
    """Enqueue today's digest for every active location with an email that has not had one (after commit)."""
    from inventory.tasks import low_stock_digest_send as send_task

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


def low_stock_digest_send(*, location_id: int, day: date) -> LowStockDigest | None:
    """Email one store its reorder list for one day; None when that day's digest was already claimed.

    Not one transaction on purpose: the (location, day) row is committed first as the claim, mail goes out
    with no transaction open, and a failed send gives the claim back so the task's retry can send it.
    """
    location = Location.objects.get(pk=location_id)
    try:
        with transaction.atomic():
            digest = LowStockDigest.objects.create(location=location, day=day)
    except IntegrityError:
        return None
    suggestions = reorder_suggestions(location=location)
    digest.lines = len(suggestions)
    if suggestions and location.email:
        try:
            _send(location=location, day=day, suggestions=suggestions)
        except Exception:
            digest.delete()
            raise
    digest.save(update_fields=["lines"])
    return digest


def _send(*, location: Location, day: date, suggestions: list) -> None:
    site = Site.objects.get_current()
    scheme = "http" if settings.DEBUG else "https"
    report_url = f"{scheme}://{site.domain}{reverse('admin:inventory_stocklevel_reorder')}?location={location.pk}"
    context = {
        "location": location,
        "day": day,
        "suggestions": suggestions,
        "report_url": report_url,
        "shop_name": settings.SHOP_NAME,
    }
    count = len(suggestions)
    message = EmailMultiAlternatives(
        subject=f"[{settings.SHOP_NAME}] Low stock at {location.name}: {count} SKU{'s' if count != 1 else ''} to reorder",
        body=render_to_string("inventory/email/low_stock_digest.txt", context),
        to=[location.email],
    )
    message.attach_alternative(render_to_string("inventory/email/low_stock_digest.html", context), "text/html")
    message.send()
