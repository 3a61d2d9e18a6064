"""Meta's catalog for Facebook and Instagram (Commerce Manager's data feed columns), one CSV row per active variant.

Written through core.csv_safety's writer like every CSV of the shop: staff open it in a spreadsheet too, so a cell
that starts like a formula gets a leading quote.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from channels.feeds.rows import FeedVariant, feed_batches
from core.csv_safety import csv_writer
from pickup.availability import variants_availability

CONTENT_TYPE = "text/csv; charset=utf-8"
HEADER = [
    "id",
    "item_group_id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
    "quantity_to_sell_on_facebook",
    "color",
    "size",
]


def _row(variant: FeedVariant, *, online: int) -> list:
    return [
        variant.sku,
        variant.group_id,
        variant.title,
        variant.description,
        "in stock" if online > 0 else "out of stock",
        "new",
        variant.price_text,
        variant.link,
        variant.image_link,
        variant.brand,
        online,
        variant.colour,
        variant.size,
    ]


def meta_products() -> Iterator[str]:
    """The feed, a batch of rows at a time; a value with a comma, a quote or a line break is quoted."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    yield out.getvalue()
    for batch in feed_batches():
        availability = variants_availability(variant_ids=[variant.id for variant in batch])
        out.seek(0)
        out.truncate()
        for variant in batch:
            found = availability.get(variant.id)
            writer.writerow(_row(variant, online=found.online_total if found else 0))
        yield out.getvalue()
