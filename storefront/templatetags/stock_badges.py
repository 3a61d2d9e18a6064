"""Stock badges for templates that hold a number rather than a badge: the words come from inventory's one rule."""

from django import template

from inventory.selectors import StockBadge
from inventory.selectors import stock_badge as badge_for

register = template.Library()


@register.simple_tag
def stock_badge(available: int) -> StockBadge:
    """{% stock_badge 0 as badge %}: the state and words a shopper sees for that many units."""
    return badge_for(available=available)
