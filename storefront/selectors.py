"""What the shop's pages show of the catalog with stock: product cards, the home page's newest products and the
product page's option choices. Listings with stock are channels' (`channels.selectors`), availability per store
pickup's (`pickup.availability`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from catalog import selectors as catalog_selectors
from catalog.models import Product, Variant
from channels.selectors import products_with_stock_flags
from inventory.selectors import StockState
from pickup.availability import VariantAvailability

OPTION_ORDER = ["colour", "color", "size", "length", "width"]


# What a product card shows (storefront/_product_card.html): no description, search vector or category join.
CARD_FIELDS = ("id", "name", "slug", "min_price", "max_price", "variant_count", "default_variant_id")


def for_cards(products: QuerySet[Product]) -> QuerySet[Product]:
    """A listing narrowed to the columns of its cards: a grid reads a fifth of the bytes of whole products."""
    return products.select_related(None).only(*CARD_FIELDS)


def products_newest(*, limit: int = 8) -> list[Product]:
    """The newest sellable products for the home page (an index scan of `limit` rows, whatever the catalog's size)."""
    return products_with_stock_flags(for_cards(catalog_selectors.products_newest(limit=limit)))


@dataclass(frozen=True)
class OptionChoice:
    value: str
    sku: str
    selected: bool
    exact: bool  # False: no variant has this value with the other current options, so the link changes them too
    in_stock: bool


@dataclass(frozen=True)
class OptionGroup:
    name: str
    choices: list[OptionChoice]


def variant_option_groups(
    *, variants: Sequence[Variant], selected: Variant, availability: dict[int, VariantAvailability]
) -> list[OptionGroup]:
    """One group per option (size, colour …): each value links to the variant that keeps the other choices."""
    names: list[str] = []
    for variant in variants:
        names.extend(name for name in (variant.options or {}) if name not in names)
    # PostgreSQL's jsonb does not keep key order; shoppers expect colour before size.
    names.sort(key=lambda name: (OPTION_ORDER.index(name) if name in OPTION_ORDER else len(OPTION_ORDER), name))
    if not names and len(variants) > 1:
        return [
            OptionGroup(
                name="option",
                choices=[
                    OptionChoice(
                        value=v.label,
                        sku=v.sku,
                        selected=v.pk == selected.pk,
                        exact=True,
                        in_stock=bool(availability.get(v.pk) and availability[v.pk].badge.state != StockState.OUT),
                    )
                    for v in variants
                ],
            )
        ]
    groups = []
    for name in names:
        values: list[str] = []
        for variant in variants:
            value = str((variant.options or {}).get(name, ""))
            if value and value not in values:
                values.append(value)
        if not values:
            continue
        others = {k: str(v) for k, v in (selected.options or {}).items() if k != name}
        choices = []
        for value in values:
            with_value = [v for v in variants if str((v.options or {}).get(name, "")) == value]
            exact = next(
                (v for v in with_value if all(str((v.options or {}).get(k, "")) == ov for k, ov in others.items())),
                None,
            )
            target = exact or with_value[0]
            stock = availability.get(target.pk)
            choices.append(
                OptionChoice(
                    value=value,
                    sku=target.sku,
                    selected=value == str((selected.options or {}).get(name, "")),
                    exact=exact is not None,
                    in_stock=bool(stock and stock.badge.state != StockState.OUT),
                )
            )
        groups.append(OptionGroup(name=name, choices=choices))
    return groups
