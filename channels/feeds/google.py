"""Google Merchant Center's product data: RSS 2.0 with the `g:` namespace, one `<item>` per active variant.

In stock means what the web shop can sell now (pickup.availability, the online buffer held back), so a shopper
who clicks through from Google can buy it.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

from django.conf import settings

from channels.feeds.rows import FeedVariant, feed_batches
from core.emails import site_url
from pickup.availability import variants_availability

NAMESPACE = "http://base.google.com/ns/1.0"
CONTENT_TYPE = "application/rss+xml; charset=utf-8"


def _element(name: str, value: str) -> str:
    return f"<g:{name}>{escape(value)}</g:{name}>" if value else ""


def _item(variant: FeedVariant, *, in_stock: bool) -> str:
    fields = [
        ("id", variant.sku),
        ("item_group_id", variant.group_id),
        ("title", variant.title),
        ("description", variant.description),
        ("link", variant.link),
        ("image_link", variant.image_link),
        ("price", variant.price_text),
        ("availability", "in_stock" if in_stock else "out_of_stock"),
        ("gtin", variant.gtin),
        ("brand", variant.brand),
        ("condition", "new"),
        ("color", variant.colour),
        ("size", variant.size),
    ]
    return "<item>" + "".join(_element(name, value) for name, value in fields) + "</item>\n"


def _head() -> str:
    name = escape(settings.SHOP_NAME)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:g="{NAMESPACE}">\n<channel>\n'
        f"<title>{name}</title>\n<link>{escape(site_url('/'))}</link>\n"
        f"<description>{name}: products</description>\n"
    )


def google_products() -> Iterator[str]:
    """The feed, a batch of items at a time."""
    yield _head()
    for batch in feed_batches():
        availability = variants_availability(variant_ids=[variant.id for variant in batch])
        yield "".join(
            _item(variant, in_stock=bool(found and found.available_online))
            for variant in batch
            for found in [availability.get(variant.id)]
        )
    yield "</channel>\n</rss>\n"
