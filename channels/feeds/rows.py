"""Every active variant of an active product as the feeds describe it, read in batches: one server-side cursor over
the variants and one query per batch for the pictures, so memory and the number of queries stay flat however large
the catalog grows. Each feed asks the stock of a batch itself (pickup.availability, inventory.selectors)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from catalog.models import ProductImage, Variant
from channels.feeds import text

BATCH_SIZE = 1000


@dataclass(frozen=True)
class FeedVariant:
    """One variant with its text ready for any format: plain, clipped, absolute."""

    id: int
    sku: str
    group_id: str
    title: str
    description: str
    link: str
    image_link: str
    price: Decimal
    gtin: str
    colour: str
    size: str
    brand: str

    @property
    def price_text(self) -> str:
        return text.money(self.price)


def feed_variants() -> QuerySet[Variant]:
    """The variants every feed lists, once each: active, of an active product, in the product page's order."""
    return (
        Variant.objects.filter(is_active=True, product__is_active=True)
        .select_related("product")
        .only(
            "sku",
            "gtin",
            "options",
            "price",
            "position",
            "product__name",
            "product__slug",
            "product__description",
        )
        .order_by("product_id", "position", "sku")
    )


def chunked(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def first_images(*, product_ids: Iterable[int]) -> dict[int, str]:
    """Each product's first picture (the product page's order) as an absolute address, in one query."""
    pictures = (
        ProductImage.objects.filter(product_id__in=list(set(product_ids)))
        .exclude(image="", url="")
        .order_by("product_id", "position", "pk")
        .distinct("product_id")
        .only("product_id", "image", "url")
    )
    return {picture.product_id: text.absolute(picture.src) for picture in pictures}


def _feed_variant(variant: Variant, image: str, descriptions: dict[int, str]) -> FeedVariant:
    product = variant.product
    description = descriptions.get(product.pk)
    if description is None:  # a product's sizes and colours share it: read its HTML once
        description = descriptions[product.pk] = text.clip(text.plain_text(product.description), text.DESCRIPTION_LIMIT)
    return FeedVariant(
        id=variant.pk,
        sku=text.clean(variant.sku),
        group_id=str(product.pk),
        title=text.clip(text.clean(str(variant)), text.TITLE_LIMIT),
        description=description,
        link=text.product_link(product_path=product.get_absolute_url(), sku=variant.sku),
        image_link=image,
        price=variant.price,
        gtin=text.clean(variant.gtin or ""),
        colour=text.option_value(variant.options, text.COLOUR_NAMES),
        size=text.option_value(variant.options, text.SIZE_NAMES),
        brand=text.clip(text.clean(settings.FEED_BRAND), 70),
    )


def feed_batches(*, batch_size: int = BATCH_SIZE) -> Iterator[list[FeedVariant]]:
    """The feed's variants, `batch_size` at a time; the cursor stays open on the server between batches."""
    for batch in chunked(feed_variants().iterator(chunk_size=batch_size), batch_size):
        images = first_images(product_ids=[variant.product_id for variant in batch])
        descriptions: dict[int, str] = {}
        yield [_feed_variant(variant, images.get(variant.product_id, ""), descriptions) for variant in batch]
