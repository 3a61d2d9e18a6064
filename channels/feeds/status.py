"""What the staff console says about the feeds: each address (with the token), how many items it lists, when and by
whom it was last fetched, and the items a channel would refuse — each a small constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.models import ProductImage
from channels.feeds.http import fetch_key
from channels.feeds.rows import feed_variants
from core.emails import site_url
from inventory.models import Location

REJECTS_SHOWN = 100


@dataclass(frozen=True)
class FeedStatus:
    name: str
    label: str | Promise
    channel: str | Promise
    url: str
    items: int
    fetched_at: dt.datetime | None
    agent: str


@dataclass(frozen=True)
class Reject:
    """An item a channel would refuse, and why (in staff's words)."""

    variant_id: int
    product_id: int
    sku: str
    name: str
    reasons: list[str | Promise]


FEED_LABELS = [
    ("google-products", _("Google products"), _("Google Merchant Center: products")),
    ("google-local", _("Google local inventory"), _("Google Merchant Center: local inventory")),
    ("meta-products", _("Meta catalog"), _("Meta Commerce Manager: data feed")),
]


def feed_url(name: str) -> str:
    """The address a channel is given: absolute, with `?token=` when FEED_TOKEN is set."""
    url = site_url(reverse(f"feeds:{name}"))
    return f"{url}?{urlencode({'token': settings.FEED_TOKEN})}" if settings.FEED_TOKEN else url


def feeds_status() -> list[FeedStatus]:
    """Every feed with its item count and last fetch (two queries and one cache read)."""
    variants = feed_variants().count()
    stores = Location.objects.filter(is_active=True, kind=Location.Kind.STORE).count()
    items = {"google-products": variants, "google-local": variants * stores, "meta-products": variants}
    fetches = cache.get_many([fetch_key(name) for name, _label, _channel in FEED_LABELS])
    result = []
    for name, label, channel in FEED_LABELS:
        fetch = fetches.get(fetch_key(name)) or {}
        at = fetch.get("at")
        result.append(
            FeedStatus(
                name=name,
                label=label,
                channel=channel,
                url=feed_url(name),
                items=items[name],
                fetched_at=dt.datetime.fromtimestamp(at, tz=dt.UTC) if at else None,
                agent=fetch.get("agent", ""),
            )
        )
    return result


def _reasons(row: dict) -> list[str | Promise]:
    reasons = []
    if not row["has_image"]:
        reasons.append(_("no image"))
    if row["price"] is None or row["price"] <= 0:
        reasons.append(_("no price"))
    if not (row["product__description"] or "").strip():
        reasons.append(_("no description"))
    return reasons


def feed_rejects(*, limit: int = REJECTS_SHOWN) -> tuple[int, list[Reject]]:
    """Listed items a channel would refuse (no image, no price, no description): how many, and the first `limit`
    (two queries)."""
    pictures = ProductImage.objects.filter(product_id=OuterRef("product_id")).exclude(image="", url="")
    refused = (
        feed_variants()
        .annotate(has_image=Exists(pictures))
        .filter(Q(has_image=False) | Q(price__lte=0) | Q(product__description__regex=r"^\s*$"))
    )
    total = refused.count()
    rows = refused.values("pk", "product_id", "sku", "product__name", "price", "product__description", "has_image")
    return total, [
        Reject(
            variant_id=row["pk"],
            product_id=row["product_id"],
            sku=row["sku"],
            name=row["product__name"],
            reasons=_reasons(row),
        )
        for row in rows[:limit]
    ]
