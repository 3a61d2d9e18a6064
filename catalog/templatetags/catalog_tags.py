"""Display helpers for storefront templates: prices in the shop currency and option names."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def money(value, currency: str | None = None) -> str:
    """A price as shoppers read it, e.g. "NOK 1,249.00"; empty for a missing price."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{currency or settings.SHOP_CURRENCY} {amount:,.2f}"


@register.filter
def option_name(value: str) -> str:
    """An option key from the catalog ("colour", "size") as a label ("Colour", "Size")."""
    return str(value).replace("_", " ").capitalize()
