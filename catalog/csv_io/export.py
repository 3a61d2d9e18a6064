"""Writing the catalog as CSV in the import format."""

from __future__ import annotations

from typing import TextIO

from django.db.models import QuerySet

from catalog.csv_io.format import COLUMNS, _shown, format_options
from catalog.models import Product, ProductImage, Variant
from core.csv_safety import csv_writer


def catalog_export(*, stream: TextIO, products: QuerySet[Product] | None = None) -> int:
    """Write the catalog (or some products) in the import format; return the number of rows."""
    product_qs = (products if products is not None else Product.objects.all()).order_by()
    product_rows = {
        pk: (slug, name, description, category_slug, is_active)
        for pk, slug, name, description, category_slug, is_active in product_qs.values_list(
            "pk", "slug", "name", "description", "category__slug", "is_active"
        )
    }
    related: dict[int, list[str]] = {}
    through = Product.related.through.objects.filter(from_product__in=product_qs)
    for from_id, to_slug in through.values_list("from_product_id", "to_product__slug"):
        related.setdefault(from_id, []).append(to_slug)
    images = dict(
        (product_id, (url, alt))
        for product_id, url, alt in ProductImage.objects.filter(product__in=product_qs)
        .order_by("product_id", "position", "pk")
        .distinct("product_id")
        .values_list("product_id", "url", "alt_text")
    )
    variants = (
        Variant.objects.filter(product__in=product_qs)
        .order_by("product__slug", "position", "sku")
        .values_list("sku", "product_id", "price", "gtin", "options", "is_active")
    )
    # RFC 4180 line ends: the writer then quotes any cell holding a CR, which a bare "\n" dialect leaves bare.
    writer = csv_writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for sku, product_id, price, gtin, options, is_active in variants.iterator(chunk_size=2000):
        slug, name, description, category_slug, product_active = product_rows[product_id]
        image_url, image_alt = images.get(product_id, ("", ""))
        row = {
            "sku": sku,
            "product_slug": slug,
            "product_name": name,
            "category_slug": category_slug,
            "description": description,
            "price": f"{price:.2f}",
            "gtin": gtin or "",
            "options": format_options(options or {}),
            "product_active": _shown(product_active),
            "variant_active": _shown(is_active),
            "related": "|".join(sorted(related.get(product_id, []))),
            "image_url": image_url,
            "image_alt": image_alt if image_url else "",
        }
        writer.writerow([row[name] for name in COLUMNS])
        count += 1
    return count
