"""What the shop's pages show of the catalog with stock: product cards and the home page's newest products. Listings
with stock are channels' (`channels.selectors`), availability per store pickup's (`pickup.availability`), the product
page's option choices the catalog's (`catalog.options`)."""

from __future__ import annotations

from django.db.models import QuerySet

from catalog import selectors as catalog_selectors
from catalog.models import Product
from channels.selectors import products_with_stock_flags

# What a product card shows (storefront/_product_card.html): no description, search vector or category join.
CARD_FIELDS = ("id", "name", "slug", "min_price", "max_price", "variant_count", "default_variant_id")


def for_cards(products: QuerySet[Product]) -> QuerySet[Product]:
    """A listing narrowed to the columns of its cards: a grid reads a fifth of the bytes of whole products."""
    return products.select_related(None).only(*CARD_FIELDS)


def products_newest(*, limit: int = 8) -> list[Product]:
    """The newest sellable products for the home page (an index scan of `limit` rows, whatever the catalog's size)."""
    return products_with_stock_flags(for_cards(catalog_selectors.products_newest(limit=limit)))
