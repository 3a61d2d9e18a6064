"""Decoupled reactions to allauth and migrate: link a verified shopper to their customer, keep role groups current."""

import logging

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
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
