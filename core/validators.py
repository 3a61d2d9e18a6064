"""Validators more than one app needs."""

import functools
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError

# Spelled out: str.isdigit(), int() and Decimal() also read '١' or '９', and isdigit() says yes to '²' that int() refuses.
ASCII_DIGITS = re.compile(r"[0-9]+")
ASCII_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def is_ascii_digits(value: str, *, decimal_point: bool = False) -> bool:
    """Whether a typed number is the digits 0-9 only (with one decimal point, when allowed): no sign, exponent or
    other script's digits."""
    return (ASCII_DECIMAL if decimal_point else ASCII_DIGITS).fullmatch(value) is not None


@functools.cache
def time_zone_names() -> frozenset[str]:
    """The IANA names this machine knows; a name outside them breaks every page that shows a local time."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """Refuse a time zone that zoneinfo cannot load (a typo such as Europe/Olso)."""
    if value not in time_zone_names():
        raise ValidationError(
            "'%(value)s' is not a time zone, e.g. Europe/Oslo.", code="invalid", params={"value": value}
        )


def validate_quantity_bound(value: int) -> None:
    """Refuse a quantity (or a signed change) beyond MAX_QUANTITY before it reaches an integer column."""
    if value is not None and abs(value) > settings.MAX_QUANTITY:
        raise ValidationError(
            "Ensure this value is at most %(limit)s units.", code="max_value", params={"limit": settings.MAX_QUANTITY}
        )
