"""Read a shopper's home store and wishlist anew once a change to them commits (storefront.shopper)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from customers.models import Customer, WishlistItem
from customers.signals import customer_merged
from storefront.shopper import shopper_changed


@receiver([post_save, post_delete], sender=Customer, dispatch_uid="storefront_shopper_customer")
def customer_changed(*, instance, **kwargs):
    shopper_changed(instance.user_id)


@receiver([post_save, post_delete], sender=WishlistItem, dispatch_uid="storefront_shopper_wishlist")
def wishlist_changed(*, instance, **kwargs):
    user_id = Customer.objects.filter(pk=instance.customer_id).values_list("user_id", flat=True).first()
    shopper_changed(user_id)


@receiver(customer_merged, dispatch_uid="storefront_shopper_merged")
def customers_merged(*, survivor, merged, **kwargs):
    """The merge moves the wishlist and the web account in bulk: both shoppers' pages read them anew."""
    shopper_changed(survivor.user_id)
    shopper_changed(merged.user_id)
