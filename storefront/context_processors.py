from django.conf import settings

from catalog.selectors import categories_for_menu
from storefront.carts import cart_count


def shop(request):
    """Shop name, currency, the category menu and the cart's item count on every storefront page."""
    return {
        "SHOP_NAME": settings.SHOP_NAME,
        "SHOP_CURRENCY": settings.SHOP_CURRENCY,
        "menu_categories": categories_for_menu,
        "cart_count": lambda: cart_count(request),
    }
