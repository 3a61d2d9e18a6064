"""Shop-specific allauth behaviour: emails leave through the outbox, written with the change that causes them and in
the language of the customer they go to; the client address is read as everywhere else; sign-up costs the same whether the email is known or not."""

import secrets
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation
from django.utils.translation import gettext as _

from catalog.models import Variant
from core.http import client_ip
from core.outbox import email_enqueue
from customers.exceptions import NoLongerSold
from customers.language import language_supported
from customers.models import Customer, WishlistItem
from customers.normalize import normalize_email
from customers.services import wishlist_add

# A variant a shopper asked to save before logging in (set by a CSRF-checked POST); saved by the login itself.
WISHLIST_PENDING_SESSION_KEY = "wishlist_pending_variant"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render now (the request is at hand for links) in the customer's language; the outbox sends it after commit,
        or later if the broker is down."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "SHOP_NAME": settings.SHOP_NAME,
        }
        ctx.update(context)
        language = account_mail_language(email)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        # Each call is a message of its own.
        email_enqueue(
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}", message=message, language=language
        )

    def post_login(self, request, user, **kwargs):
        """The wishlist item the shopper chose before logging in is saved by the login, so they need not ask again."""
        response = super().post_login(request, user, **kwargs)
        wishlist_save_pending(request=request, user=user)
        return response

    def get_client_ip(self, request) -> str:
        """allauth's rate limits key on the same address as every other limiter (TRUSTED_PROXY_COUNT)."""
        return client_ip(request)

    def send_account_already_exists_mail(self, email: str) -> None:
        """Sign-up with a registered email hashes the password it was given, as creating an account would, so the
        answer takes as long and does not tell which emails have accounts. (A repeat within allauth's confirm_email
        limit skips both this and the hash, but by then a new email's account exists too, so both paths match.)"""
        request = allauth_context.request
        password = request.POST.get("password1") if request is not None else None
        make_password(password or secrets.token_urlsafe())
        super().send_account_already_exists_mail(email)


def account_mail_language(email: str) -> str:
    """An account email speaks the language on the profile of the customer with that address (a password reset asked
    from an English browser still reaches a Norwegian customer in Norwegian); a new address gets the one the shopper
    is reading now."""
    address = normalize_email(email)
    customer = (
        Customer.objects.filter(email=address, merged_into__isnull=True).only("language").first() if address else None
    )
    return language_supported(customer.language if customer else "") or translation.get_language()


def wishlist_save_pending(*, request, user) -> WishlistItem | None:
    """Save (once) the variant put aside in the session before login; nothing while the email is not yet verified."""
    variant_id = request.session.get(WISHLIST_PENDING_SESSION_KEY)
    if not variant_id:
        return None
    customer = Customer.objects.filter(user=user, merged_into__isnull=True).first()
    if customer is None:
        return None  # kept in the session: verifying the email logs in again and saves it then
    del request.session[WISHLIST_PENDING_SESSION_KEY]
    variant = Variant.objects.select_related("product").filter(pk=variant_id).first()
    if variant is None:
        return None
    try:
        item, _created = wishlist_add(customer=customer, variant=variant, source=WishlistItem.Source.WEB)
    except NoLongerSold as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, _("%(item)s is on your wishlist.") % {"item": variant})
    return item


def user_display(user) -> str:
    """How allauth names a shopper ("You are logged in as …"): their name, else their email, never the username."""
    customer = Customer.objects.filter(user=user, merged_into__isnull=True).only("first_name", "last_name").first()
    name = " ".join(part for part in (customer.first_name, customer.last_name) if part) if customer else ""
    return name or user.email or user.get_username()
