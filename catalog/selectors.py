"""Reads of the catalog that pages and the API share."""

from django.core.cache import cache

from catalog.models import Category

MENU_CACHE_KEY = "catalog:menu:v1"


def categories_for_menu() -> list[Category]:
    """Top-level active categories, cached; called lazily by templates so pages without a menu pay nothing."""
    menu = cache.get(MENU_CACHE_KEY)
    if menu is None:
        menu = list(Category.objects.filter(parent__isnull=True, is_active=True).only("name", "slug", "position"))
        cache.set(MENU_CACHE_KEY, menu, 300)
    return menu
