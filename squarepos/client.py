"""The one way to Square: the official SDK, built from settings, never while a database transaction is open."""

from decimal import Decimal

import httpx
from django.conf import settings
from django.db import connection
from square import Square
from square.core.api_error import ApiError
from square.environment import SquareEnvironment

from payments.services.stripe_api import from_minor, to_minor
from squarepos.reasons import Told

# Square's own limits (batch-upsert: 1,000 objects a batch, 10,000 a request; inventory changes: 100 a request).
CATALOG_BATCH_OBJECTS = 1000
CATALOG_REQUEST_OBJECTS = 10000
INVENTORY_REQUEST_CHANGES = 100
TIMEOUT_SECONDS = 30


class SquareOff(Exception):
    """No SQUARE_ACCESS_TOKEN: the connector is off."""


class SquareCallInTransaction(RuntimeError):
    """A call to Square was about to be made inside a database transaction."""


class SquareUnavailable(Told):
    """Square could not be reached or asked us to come back later (5xx, 429, a network error, a rejected token)."""


def connector_on() -> bool:
    return bool(settings.SQUARE_ACCESS_TOKEN)


def base_url() -> str:
    if settings.SQUARE_BASE_URL:
        return settings.SQUARE_BASE_URL.rstrip("/")
    return SquareEnvironment[settings.SQUARE_ENVIRONMENT.upper()].value


def square_client() -> Square:
    """The SDK's client, pointed at SQUARE_BASE_URL or the configured environment; refuses inside a transaction."""
    if not connector_on():
        raise SquareOff("SQUARE_ACCESS_TOKEN is not set: the Square connector is off.")
    # A test's own wrapping transaction does not count (as for Stripe: payments.services.stripe_api).
    if any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
        raise SquareCallInTransaction("Square is called only after the transaction has committed.")
    return Square(token=settings.SQUARE_ACCESS_TOKEN, base_url=base_url(), timeout=TIMEOUT_SECONDS)


def is_unavailable(exc: Exception) -> bool:
    """Whether asking again later may succeed: Square down or busy, the network, or a token not (yet) accepted."""
    if isinstance(exc, httpx.HTTPError):
        return True
    return isinstance(exc, ApiError) and (
        exc.status_code is None or exc.status_code >= 500 or exc.status_code in (401, 429)
    )


def error_text(exc: Exception) -> str:
    """What Square said, short enough for an admin column."""
    if isinstance(exc, ApiError):
        details = "; ".join(f"{e.code}: {e.detail}" for e in (exc.errors or []) if getattr(e, "code", None))
        return f"Square answered {exc.status_code}" + (f" ({details})" if details else "")
    return f"{exc.__class__.__name__}: {exc}"[:500]


def money(amount: Decimal) -> dict:
    """A price in the shop currency as Square's Money (integer minor units)."""
    return {"amount": to_minor(amount, settings.SHOP_CURRENCY), "currency": settings.SHOP_CURRENCY}


def amount_of(value) -> Decimal:
    """Square's Money (or None) as a Decimal in the shop currency; another currency is refused."""
    if value is None or value.amount is None:
        return Decimal("0.00")
    if value.currency and value.currency != settings.SHOP_CURRENCY:
        raise ValueError(f"Square's amount is in {value.currency}, the shop's in {settings.SHOP_CURRENCY}.")
    return from_minor(int(value.amount), settings.SHOP_CURRENCY)
