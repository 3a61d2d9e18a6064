"""Cache invalidation only: the category menu and the search vocabulary are cached, so a staff edit must show at once."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from catalog.models import Category, Product
from catalog.selectors import MENU_CACHE_KEY, VOCABULARY_CACHE_KEY


@receiver([post_save, post_delete], sender=Category, dispatch_uid="catalog_menu_invalidate")
def menu_invalidate(**kwargs):
    cache.delete(MENU_CACHE_KEY)


@receiver([post_save, post_delete], sender=Product, dispatch_uid="catalog_vocabulary_invalidate")
@receiver([post_save, post_delete], sender=Category, dispatch_uid="catalog_vocabulary_invalidate_category")
def vocabulary_invalidate(**kwargs):
    cache.delete(VOCABULARY_CACHE_KEY)
