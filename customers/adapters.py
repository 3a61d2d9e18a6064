"""Shop-specific allauth behaviour: emails leave through the outbox, written with the change that causes them;
the client address is read as everywhere else; sign-up costs the same whether the email is known or not."""

import secrets
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from catalog.models import Variant
from core.http import client_ip
from core.outbox import email_enqueue
from customers.exceptions import NoLongerSold
from customers.models import Customer, WishlistItem
from customers.services import wishlist_add

# A variant a shopper asked to save before logging in (set by a CSRF-checked POST); saved by the login itself.
WISHLIST_PENDING_SESSION_KEY = "wishlist_pending_variant"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render now (the request is at hand for links); the outbox sends it after commit, or later if the broker is down."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        # Each call is a message of its own.
        email_enqueue(
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
            message=message,
            language=translation.get_language(),  # rendered in the request's: the one the shopper is reading
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
        item, _ = wishlist_add(customer=customer, variant=variant, source=WishlistItem.Source.WEB)
    except NoLongerSold as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, f"{variant} is on your wishlist.")
    return item


def user_display(user) -> str:
    """How allauth names a shopper ("You are logged in as …"): their name, else their email, never the username."""
    customer = Customer.objects.filter(user=user, merged_into__isnull=True).only("first_name", "last_name").first()
    name = " ".join(part for part in (customer.first_name, customer.last_name) if part) if customer else ""
    return name or user.email or user.get_username()
