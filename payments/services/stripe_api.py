"""The Stripe client, minor units, and the rule that no call leaves while a transaction is open.

Integer minor units (øre, cents) exist only in this module and its callers in payments.
"""

from decimal import Decimal

import stripe
from django.conf import settings
from django.db import connection

from payments.exceptions import StripeCallInTransaction

# Currencies Stripe counts in whole units (no cents); every other one has two decimals here.
ZERO_DECIMAL = frozenset(
    ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]
)
# A checkout must not hang on Stripe: seconds per request, and one retry (safe: every write has an idempotency key).
TIMEOUT = 10
RETRIES = 1


def stripe_client() -> stripe.StripeClient:
    """A client with our key, pointed at STRIPE_API_BASE when set (a local fake in tests).

    Refuses (StripeCallInTransaction) while a transaction is open: a call made under row locks holds them for up to
    twice the timeout, and a rollback after it would leave Stripe having done what the database forgot."""
    if any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
        raise StripeCallInTransaction("Stripe is called after the commit, never inside a transaction.")
    base = settings.STRIPE_API_BASE or None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,
        max_network_retries=RETRIES,
        http_client=stripe.new_default_http_client(timeout=TIMEOUT),
    )


def _exponent(currency: str) -> int:
    return 0 if currency.lower() in ZERO_DECIMAL else 2


def to_minor(amount: Decimal, currency: str) -> int:
    """499.00 NOK → 49900; refuses an amount with more decimals than the currency has."""
    scaled = Decimal(amount).scaleb(_exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} {currency} has more decimals than the currency")
    return int(scaled)


def from_minor(value: int, currency: str) -> Decimal:
    """49900 NOK → Decimal('499.00'); refuses anything but a whole number (a malformed event)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not an amount in minor units")
    exponent = _exponent(currency)
    return (Decimal(value).scaleb(-exponent)).quantize(Decimal(1).scaleb(-exponent))
