"""Template tags for wishlist buttons: one query per page for "is this on my wishlist", however many cards."""

from django import template

from customers.models import WishlistItem

register = template.Library()


def wishlist_variant_ids(request) -> frozenset[int]:
    """Variant ids on the logged-in shopper's wishlist, asked once per request and only when a page needs them."""
    if request is None or not request.user.is_authenticated:
        return frozenset()
    cached = getattr(request, "_wishlist_variant_ids", None)
    if cached is None:
        cached = frozenset(
            WishlistItem.objects.filter(customer__user=request.user, customer__merged_into__isnull=True).values_list(
                "variant_id", flat=True
            )
        )
        request._wishlist_variant_ids = cached
    return cached


@register.simple_tag(takes_context=True)
def on_wishlist(context, variant) -> bool:
    """{% on_wishlist variant as saved %}: True when the shopper has this variant (or its id) on the wishlist."""
    variant_id = getattr(variant, "pk", variant)
    return variant_id in wishlist_variant_ids(context.get("request"))


@register.simple_tag(takes_context=True)
def wishlisted_ids(context) -> frozenset[int]:
    """{% wishlisted_ids as ids %} for templates that test many variants at once."""
    return wishlist_variant_ids(context.get("request"))
