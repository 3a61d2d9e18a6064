"""Columns of the catalog CSV and how one cell is read (and written back)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from core.validators import is_ascii_digits

COLUMNS = (
    "sku",
    "product_slug",
    "product_name",
    "category_slug",
    "description",
    "price",
    "gtin",
    "options",
    "product_active",
    "variant_active",
    "related",
    "image_url",
    "image_alt",
)
REQUIRED_COLUMNS = ("sku", "product_slug", "product_name", "category_slug", "price")
PRODUCT_COLUMNS = (
    "product_name",
    "category_slug",
    "description",
    "product_active",
    "related",
    "image_url",
    "image_alt",
)
TRUE_WORDS = {"true", "yes", "y", "1", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "f"}
GTIN_LENGTHS = (8, 12, 13, 14)
MAX_PRICE = Decimal("9999999999.99")
SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")  # what SlugField accepts
URL_VALIDATOR = URLValidator()


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it (weights 3,1,3,… from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_is_valid(value: str) -> bool:
    return is_ascii_digits(value) and len(value) in GTIN_LENGTHS and gtin_check_digit(value[:-1]) == int(value[-1])


def parse_gtin(value: str) -> str | None:
    if not value:
        return None
    if not is_ascii_digits(value) or len(value) not in GTIN_LENGTHS:
        raise CellError(f"'{value}' is not a GTIN (8, 12, 13 or 14 digits)")
    if not gtin_is_valid(value):
        raise CellError(f"'{value}' has a wrong check digit (expected {gtin_check_digit(value[:-1])})")
    return value


def parse_price(value: str) -> Decimal:
    if not value:
        raise CellError("is required")
    try:
        price = Decimal(value)
    except InvalidOperation:
        hint = " (use a dot for decimals, e.g. 149.00)" if "," in value else ""
        raise CellError(f"'{value}' is not a price{hint}")
    if not price.is_finite():
        raise CellError(f"'{value}' is not a price")
    if price < 0:
        raise CellError(f"'{value}' is negative; a price cannot be below 0")
    if not is_ascii_digits(value, decimal_point=True):
        raise CellError(f"'{value}' is not a price (digits 0-9 and a dot, e.g. 149.00)")
    if price.as_tuple().exponent < -2:
        raise CellError(f"'{value}' has more than 2 decimals")
    if price > MAX_PRICE:
        raise CellError(f"'{value}' is too large")
    return price.quantize(Decimal("0.01"))


def parse_bool(value: str) -> bool:
    word = value.lower()
    if not word or word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"'{value}' is not true or false")


def parse_options(value: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for part in value.split(";"):
        if not part.strip():
            continue
        name, sep, option = part.partition("=")
        name, option = name.strip(), option.strip()
        if not sep or not name:
            raise CellError(f"'{part.strip()}' is not name=value (e.g. size=M;colour=Blue)")
        if name in options:
            raise CellError(f"'{name}' is given twice")
        options[name] = option
    return options


def format_options(options: dict[str, Any]) -> str:
    return ";".join(f"{name}={value}" for name, value in options.items())


def parse_slug(value: str, *, max_length: int) -> str:
    if not value:
        raise CellError("is required")
    if not SLUG_RE.fullmatch(value):
        raise CellError(f"'{value}' is not a slug (letters, digits, - and _ only)")
    if len(value) > max_length:
        raise CellError(f"is longer than {max_length} characters")
    return value


def parse_text(value: str, *, max_length: int | None = None, required: bool = False) -> str:
    if required and not value:
        raise CellError("is required")
    if max_length and len(value) > max_length:
        raise CellError(f"is longer than {max_length} characters")
    return value


def parse_related(value: str) -> tuple[str, ...]:
    slugs = []
    for part in value.split("|"):
        slug = part.strip()
        if slug and slug not in slugs:
            slugs.append(parse_slug(slug, max_length=220))
    return tuple(sorted(slugs))


@functools.lru_cache(maxsize=1024)  # rows of one product repeat its image address
def parse_url(value: str) -> str:
    if not value:
        return ""
    if len(value) > 200:
        raise CellError("is longer than 200 characters")
    try:
        URL_VALIDATOR(value)
    except ValidationError:
        raise CellError(f"'{value}' is not a web address (http://… or https://…)")
    return value


CELL_PARSERS: dict[str, Callable[[str], Any]] = {
    "sku": lambda v: parse_text(v, max_length=64, required=True),
    "product_slug": lambda v: parse_slug(v, max_length=220),
    "product_name": lambda v: parse_text(v, max_length=200, required=True),
    "category_slug": lambda v: parse_slug(v, max_length=140),
    "description": parse_text,
    "price": parse_price,
    "gtin": parse_gtin,
    "options": parse_options,
    "product_active": parse_bool,
    "variant_active": parse_bool,
    "related": parse_related,
    "image_url": parse_url,
    "image_alt": lambda v: parse_text(v, max_length=200),
}


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "|".join(value)
    if isinstance(value, dict):
        return format_options(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
