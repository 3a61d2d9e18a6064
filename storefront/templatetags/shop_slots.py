"""Slots in cached fragments for what differs per visitor; storefront.pagecache.fill_slots fills them per request."""

from django import template
from django.template.backends.utils import csrf_input
from django.utils.safestring import mark_safe

from storefront.pagecache import CSRF_SLOT

register = template.Library()


@register.simple_tag
def csrf_slot() -> str:
    """Where a form's CSRF token goes: the visitor's own, or none on a page cached for every visitor."""
    return mark_safe(CSRF_SLOT)  # noqa: S308 — a constant comment


@register.simple_tag(takes_context=True)
def csrf_field(context) -> str:
    """A form's CSRF token in a template drawn both by cached shop pages and by other views (the base layout):
    the slot under `shop_page`, which fills it, else the request's own token."""
    request = context.get("request")
    if request is None:
        return ""
    if getattr(request, "fills_slots", False):
        return mark_safe(CSRF_SLOT)  # noqa: S308 — a constant comment
    return csrf_input(request)


@register.simple_tag
def wishlist_slot(variant, compact: bool = False) -> str:
    """Where the wishlist button of a variant (or its id) goes: saved or not is the shopper's own."""
    variant_id = getattr(variant, "pk", variant)
    if not variant_id:
        return ""
    return mark_safe(f"<!--slot:wishlist:{int(variant_id)}:{'c' if compact else 'f'}-->")  # noqa: S308 — an int
