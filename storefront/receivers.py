"""Forget what the shop caches about a shopper when their profile changes (after the change commits)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from customers.models import Customer
from storefront.selectors import home_store_key


@receiver([post_save, post_delete], sender=Customer, dispatch_uid="storefront_home_store_forget")
def customer_changed(*, instance, **kwargs):
    if instance.user_id:
        transaction.on_commit(lambda: cache.delete(home_store_key(instance.user_id)))
