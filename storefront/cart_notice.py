"""What adding to the cart did, shown where the shopper pressed the button: in the cart or short of stock, with
the fix ("Only 38 left — we can put 38 in your cart"). Kept in the session for the one page after the redirect."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from storefront.carts import cart_count

NOTICE_KEY = "cart_notice"
ANCHOR = "cart-added"  # the notice's id: the redirect's fragment brings it into view


def notice_remember(request: HttpRequest, *, kind: str, sku: str, item: str, available: int = 0, in_cart: int = 0):
    """`kind` is "added" or "short"; for "short", what can be promised and what the cart already holds."""
    request.session[NOTICE_KEY] = {"kind": kind, "sku": sku, "item": item, "available": available, "in_cart": in_cart}


def notice_pop(request: HttpRequest) -> dict | None:
    session = getattr(request, "session", None)
    if session is None or NOTICE_KEY not in session:
        return None
    notice = session.pop(NOTICE_KEY)
    notice["can_add"] = max(notice["available"] - notice["in_cart"], 0)
    return notice


def notice_html(request: HttpRequest) -> str:
    """The product page's notice beside its Add to cart button (the cached page leaves a slot for it)."""
    notice = notice_pop(request)
    if notice is None:
        return ""
    context = {
        "notice": notice,
        "cart_count": cart_count(request),
        "csrf_token": get_token(request),
        "next": request.get_full_path(),
        "anchor": ANCHOR,
    }
    return render_to_string("storefront/_cart_notice.html", context, request=None)
