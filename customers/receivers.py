"""Decoupled reactions to allauth and migrate: link a verified shopper to their customer, keep role groups current."""

import logging

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
from django.apps import apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from customers import services
from customers.models import Customer

log = logging.getLogger(__name__)


@receiver(email_confirmed, dispatch_uid="customers.link_on_email_confirmed")
def link_customer_on_email_confirmed(sender, request, email_address, **kwargs):
    """A verified address is proof enough to hand over the history recorded under it."""
    services.customer_link_user(user=email_address.user, email=email_address.email)


@receiver(user_logged_in, dispatch_uid="customers.link_on_login")
def link_customer_on_login(sender, request, user, **kwargs):
    """Users verified before they had a profile (made in the admin, or older accounts) get theirs at next log-in."""
    if Customer.objects.filter(user=user).exists():
        return
    address = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
    if address is not None:
        services.customer_link_user(user=user, email=address.email)


def sync_role_groups(sender, **kwargs):
    """After every migrate, role groups get the permissions of models added since the roles migration."""
    # post_migrate fires once per app; permissions of every app exist only after the last one.
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    services.role_groups_sync()
    log.debug("role groups synchronised")


def connect() -> None:
    post_migrate.connect(sync_role_groups, dispatch_uid="customers.sync_role_groups")
