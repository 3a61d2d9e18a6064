"""Which cart a request means: the customer's when signed in with a profile, otherwise the session's own."""

import secrets

from django.http import HttpRequest

from orders import selectors, services
from orders.models import Cart
from storefront.views.account import customer_for

COUNT_KEY = "cart_count"


def cart_for_request(request: HttpRequest, *, create: bool = False) -> Cart | None:
    """The shopper's cart, or None until something is added (a visitor without a cart costs no query)."""
    customer = customer_for(request)
    if customer is not None:
        cart = Cart.objects.filter(customer=customer).first()
        return cart or (services.cart_for_customer(customer=customer) if create else None)
    key = request.session.get(services.SESSION_CART_KEY)
    if key:
        cart = Cart.objects.filter(session_key=key, customer=None).first()
        if cart is not None or not create:
            return cart
    if not create:
        return None
    key = secrets.token_urlsafe(32)
    request.session[services.SESSION_CART_KEY] = key
    return services.cart_for_session(session_key=key)


def remember_count(request: HttpRequest, summary: selectors.CartSummary) -> None:
    """Keep the header's item count in the session, so pages show it without a query of their own."""
    if request.session.get(COUNT_KEY) != summary.count:
        request.session[COUNT_KEY] = summary.count


def cart_count(request: HttpRequest) -> int:
    session = getattr(request, "session", None)
    if session is None or session.session_key is None and not session.modified:
        return 0
    return session.get(COUNT_KEY, 0)
