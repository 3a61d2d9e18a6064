"""Which language the shop speaks to a customer: the one on their profile, else the shop's own (SHOP_LANGUAGE)."""

from functools import wraps

from django.conf import settings
from django.utils import translation


def language_supported(code: str | None) -> str:
    """`code` when the shop speaks it (settings.LANGUAGES), else empty."""
    return code if code and code in dict(settings.LANGUAGES) else ""


def customer_language(customer) -> str:
    """The language of every page, email and text to this customer: their own, else the shop's."""
    return language_supported(getattr(customer, "language", "")) or settings.LANGUAGE_CODE


def in_customer_language(build):
    """Decorate a function taking `customer=` to run with that customer's language active: mails rendered when
    they are queued (marketing's) are then written in it, whoever's request or task builds them."""

    @wraps(build)
    def wrapper(*args, customer, **kwargs):
        with translation.override(customer_language(customer)):
            return build(*args, customer=customer, **kwargs)

    return wrapper
