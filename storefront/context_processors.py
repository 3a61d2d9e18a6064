from django.conf import settings
from django.utils.functional import SimpleLazyObject

from storefront.carts import cart_count
from storefront.structure import request_structure


def shop(request):
    """Shop name, currency, the category menu (resolved once per request, only if drawn) and the cart's count."""
    return {
        "SHOP_NAME": settings.SHOP_NAME,
        "SHOP_CURRENCY": settings.SHOP_CURRENCY,
        "menu_categories": SimpleLazyObject(lambda: request_structure(request).menu),
        "cart_count": lambda: cart_count(request),
    }
