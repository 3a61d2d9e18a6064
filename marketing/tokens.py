"""Signed, expiring one-click links that put an item on a customer's wishlist straight from an email."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "customers.wishlist-email-link"
DEFAULT_MAX_AGE = timedelta(days=30)


class _Signer(signing.TimestampSigner):
    """A TimestampSigner that can back-date a token (issued_at), e.g. to build an already expired link."""

    def __init__(self, *, issued_at: float | None = None):
        super().__init__(salt=SALT)
        self._issued_at = issued_at

    def timestamp(self):
        if self._issued_at is None:
            return super().timestamp()
        return signing.b62_encode(int(self._issued_at))


def max_age() -> timedelta:
    return getattr(settings, "WISHLIST_LINK_MAX_AGE", DEFAULT_MAX_AGE)


def wishlist_token_make(*, customer_id: int, variant_id: int, issued_at: float | None = None) -> str:
    """A URL-safe token naming one customer and one variant, signed with the secret key and timestamped."""
    return _Signer(issued_at=issued_at).sign_object({"c": customer_id, "v": variant_id}, compress=False)


class TokenExpired(Exception):
    """The link was genuine but is too old; `variant_id` lets the page still offer the product."""

    def __init__(self, variant_id: int):
        super().__init__("expired")
        self.variant_id = variant_id


class TokenInvalid(Exception):
    """The link was changed or made up."""


@dataclass(frozen=True)
class WishlistToken:
    customer_id: int
    variant_id: int


def wishlist_token_check(token: str) -> WishlistToken:
    """Read a link: raises TokenInvalid when tampered with, TokenExpired when older than max_age()."""
    signer = _Signer()
    try:
        data = signer.unsign_object(token, max_age=max_age())
    except signing.SignatureExpired:
        data = _payload(signer.unsign_object(token))
        raise TokenExpired(variant_id=data.variant_id)
    except (signing.BadSignature, ValueError, TypeError):
        raise TokenInvalid()
    return _payload(data)


def _payload(data) -> WishlistToken:
    try:
        return WishlistToken(customer_id=int(data["c"]), variant_id=int(data["v"]))
    except (KeyError, TypeError, ValueError):
        raise TokenInvalid()


def wishlist_email_link(customer, variant, *, base_url: str = "") -> str:
    """The link an email puts behind an item: absolute path, or a full URL when `base_url` is given."""
    token = wishlist_token_make(customer_id=customer.pk, variant_id=variant.pk)
    return base_url.rstrip("/") + reverse("storefront:wishlist_email", kwargs={"token": token})


UNSUBSCRIBE_SALT = "customers.unsubscribe-link"


def unsubscribe_token_make(*, customer_id: int) -> str:
    """A token for the one-click unsubscribe link of marketing emails; it does not expire, as the law expects."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"c": customer_id}, compress=False)


def unsubscribe_token_check(token: str) -> int:
    """The customer id a genuine unsubscribe token names; raises TokenInvalid when it was changed or made up."""
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)["c"])
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        raise TokenInvalid()


def unsubscribe_link(*, customer_id: int, base_url: str = "") -> str:
    """The unsubscribe page of one customer: absolute path, or a full URL when `base_url` is given."""
    token = unsubscribe_token_make(customer_id=customer_id)
    return base_url.rstrip("/") + reverse("storefront:unsubscribe", kwargs={"token": token})
