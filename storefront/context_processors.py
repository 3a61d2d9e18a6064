from django.conf import settings

from catalog.selectors import categories_for_menu


def shop(request):
    """Shop name, currency and the category menu on every storefront page."""
    return {
        "SHOP_NAME": settings.SHOP_NAME,
        "SHOP_CURRENCY": settings.SHOP_CURRENCY,
        "menu_categories": categories_for_menu,
    }
