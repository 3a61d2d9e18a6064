"""Keep what is derived from the catalog in step with it: the products' listing columns (inside the writer's
transaction) and the cache versions (after it commits), for every save through the ORM — the staff console,
factories, scripts. Bulk writes call catalog.services themselves."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from catalog.models import Category, Product, ProductImage, Variant
from catalog.selectors import VOCABULARY_CACHE_KEY
from catalog.services import products_listing_refresh
from core.versions import CATALOG, STRUCTURE, version_bump_on_commit


@receiver([post_save, post_delete], sender=Variant, dispatch_uid="catalog_variant_listing_refresh")
def variant_changed(*, instance, **kwargs):
    products_listing_refresh(product_ids=[instance.product_id])


@receiver([post_save, post_delete], sender=Category, dispatch_uid="catalog_structure_bump")
def category_changed(**kwargs):
    version_bump_on_commit(STRUCTURE, CATALOG)


@receiver([post_save, post_delete], sender=Product, dispatch_uid="catalog_product_bump")
@receiver([post_save, post_delete], sender=ProductImage, dispatch_uid="catalog_image_bump")
@receiver(m2m_changed, sender=Product.related.through, dispatch_uid="catalog_related_bump")
def product_changed(**kwargs):
    version_bump_on_commit(CATALOG)


@receiver([post_save, post_delete], sender=Product, dispatch_uid="catalog_vocabulary_invalidate")
@receiver([post_save, post_delete], sender=Category, dispatch_uid="catalog_vocabulary_invalidate_category")
def vocabulary_invalidate(**kwargs):
    transaction.on_commit(lambda: cache.delete(VOCABULARY_CACHE_KEY))
