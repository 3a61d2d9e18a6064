"""Decoupled reactions to allauth and password changes: link a verified shopper to their customer, and
sign devices out when the password changes; forget a cached user when it changes."""

import logging

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import translation

from core.api_keys import api_keys_revoke
from customers import services
from customers.auth import user_changed
from customers.language import language_supported
from customers.models import Customer

log = logging.getLogger(__name__)


@receiver(email_confirmed, dispatch_uid="customers.link_on_email_confirmed")
def link_customer_on_email_confirmed(sender, request, email_address, **kwargs):
    """A verified address is proof enough to hand over the history recorded under it."""
    customer = services.customer_link_user(user=email_address.user, email=email_address.email)
    services.signup_consent_apply(user=email_address.user, customer=customer)
    language = language_supported(translation.get_language())
    if customer is not None and language:
        # The language the shopper signs up in is theirs: the profile exists from here on, so it is kept now.
        services.customer_language_set(customer=customer, language=language)


@receiver(user_logged_in, dispatch_uid="customers.link_on_login")
def link_customer_on_login(sender, request, user, **kwargs):
    """Users verified before they had a profile (made in the admin, or older accounts) get theirs at next log-in."""
    if Customer.objects.filter(user=user).exists():
        return
    address = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
    if address is not None:
        customer = services.customer_link_user(user=user, email=address.email)
        services.signup_consent_apply(user=user, customer=customer)


def _remember_password_change(sender, instance, update_fields=None, **kwargs):
    """Note whether this save changes the stored password hash (one extra read, only when it may)."""
    instance._password_hash_changed = False
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = type(instance).objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_hash_changed = old is not None and old != instance.password


def _revoke_tokens_on_password_change(sender, instance, created=False, **kwargs):
    """A new password signs every device out, as Django does for browser sessions (the same hash, the same rule)."""
    if getattr(instance, "_password_hash_changed", False):
        instance._password_hash_changed = False
        api_keys_revoke(user=instance)


def _forget_cached_user(sender, instance, **kwargs):
    """The next request reads this user from the database, not the cache (customers.auth)."""
    user_changed(instance.pk)


def connect() -> None:
    user_model = get_user_model()
    pre_save.connect(_remember_password_change, sender=user_model, dispatch_uid="customers.password_change_seen")
    post_save.connect(_revoke_tokens_on_password_change, sender=user_model, dispatch_uid="customers.password_revoke")
    post_save.connect(_forget_cached_user, sender=user_model, dispatch_uid="customers.user_cache_saved")
    post_delete.connect(_forget_cached_user, sender=user_model, dispatch_uid="customers.user_cache_deleted")
