"""Template tags for wishlist buttons: the shopper's wishlist is read once per request, however many cards."""

from django import template

from storefront.shopper import shopper_state

register = template.Library()


def wishlist_variant_ids(request) -> frozenset[int]:
    """Variant ids on the logged-in shopper's wishlist (none for a visitor)."""
    return frozenset() if request is None else shopper_state(request).wishlist


@register.simple_tag(takes_context=True)
def on_wishlist(context, variant) -> bool:
    """{% on_wishlist variant as saved %}: True when the shopper has this variant (or its id) on the wishlist."""
    variant_id = getattr(variant, "pk", variant)
    return variant_id in wishlist_variant_ids(context.get("request"))


@register.simple_tag(takes_context=True)
def wishlisted_ids(context) -> frozenset[int]:
    """{% wishlisted_ids as ids %} for templates that test many variants at once."""
    return wishlist_variant_ids(context.get("request"))
