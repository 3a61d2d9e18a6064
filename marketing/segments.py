"""Customer segments from orders of every channel: who uses several channels, who went quiet, the best ones."""

import math
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import Count, DecimalField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from customers.models import Channel, Customer
from orders.selectors import UNSOLD_STATUSES

YEAR = timedelta(days=365)
LAPSED_AFTER = timedelta(days=182)
BEST_SHARE = Decimal("0.05")


class Segment(models.TextChoices):
    OMNICHANNEL = "omnichannel", _("Omnichannel (2+ channels in 12 months)")
    STORE_ONLY = "store_only", _("Store only (12 months)")
    WEB_ONLY = "web_only", _("Web only (12 months)")
    LAPSED = "lapsed", _("Lapsed (no order in 6 months)")
    # xgettext:no-python-format
    BEST = "best", _("Best customers (top 5% spend, 12 months)")


def customers_with_activity(*, now: datetime, queryset: QuerySet[Customer] | None = None) -> QuerySet[Customer]:
    """Customers annotated with channels used, store/web orders and spend over 12 months, and their last order."""
    queryset = Customer.objects.filter(merged_into__isnull=True) if queryset is None else queryset
    recent = Q(orders__placed_at__gte=now - YEAR) & ~Q(orders__status__in=UNSOLD_STATUSES)
    return queryset.annotate(
        channels_12m=Count("orders__channel", filter=recent, distinct=True),
        store_orders_12m=Count("orders", filter=recent & Q(orders__channel=Channel.STORE)),
        web_orders_12m=Count("orders", filter=recent & Q(orders__channel=Channel.WEB)),
        spend_12m=Coalesce(Sum("orders__total", filter=recent), Value(Decimal("0")), output_field=DecimalField()),
        last_order_at=Max("orders__placed_at"),
    )


def best_spend_threshold(*, now: datetime) -> Decimal | None:
    """The 12-month spend that puts a customer in the top 5% of customers who spent anything; two queries."""
    spenders = customers_with_activity(now=now).filter(spend_12m__gt=0)
    count = spenders.count()
    if not count:
        return None
    index = max(math.ceil(count * BEST_SHARE) - 1, 0)
    return spenders.order_by("-spend_12m", "pk").values_list("spend_12m", flat=True)[index]


def customers_in_segment(
    *, segment: str, now: datetime, queryset: QuerySet[Customer] | None = None
) -> QuerySet[Customer]:
    """The customers of one segment (of `queryset`, e.g. the admin's filtered list)."""
    customers = customers_with_activity(now=now, queryset=queryset)
    if segment == Segment.OMNICHANNEL:
        return customers.filter(channels_12m__gte=2)
    if segment == Segment.STORE_ONLY:
        return customers.filter(channels_12m=1, store_orders_12m__gt=0)
    if segment == Segment.WEB_ONLY:
        return customers.filter(channels_12m=1, web_orders_12m__gt=0)
    if segment == Segment.LAPSED:
        return customers.filter(last_order_at__lt=now - LAPSED_AFTER)
    if segment == Segment.BEST:
        threshold = best_spend_threshold(now=now)
        return customers.filter(spend_12m__gte=threshold) if threshold is not None else customers.none()
    raise ValueError(f"unknown segment {segment!r}")


def segment_counts(*, now: datetime) -> dict[str, int]:
    """How many customers each segment holds (one query per segment)."""
    return {segment.value: customers_in_segment(segment=segment, now=now).count() for segment in Segment}
