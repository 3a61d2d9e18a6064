"""Text as the channels accept it: plain (no HTML, no control characters), within their length limits, money in
their machine format, and addresses absolute on the shop's domain."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from core.emails import site_url

TITLE_LIMIT = 150
DESCRIPTION_LIMIT = 5000
# Characters XML 1.0 cannot carry at all (escaping does not help), and which no channel wants in a text either.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean(value: str) -> str:
    """One line of plain text: control characters out, every run of white space (tabs, newlines) one space."""
    return _SPACE.sub(" ", _CONTROL.sub("", value)).strip()


def plain_text(value: str) -> str:
    """A description typed with HTML as the words a shopper reads: tags out (a block's end keeps a space), entities
    decoded, white space folded."""
    return clean(html.unescape(strip_tags(value.replace("<", " <"))))


def clip(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word and ending in "…" when it had to be cut."""
    return Truncator(value).chars(limit) if len(value) > limit else value


def money(amount: Decimal) -> str:
    """`499.00 NOK`: what Google and Meta read, whatever language the shop speaks."""
    return f"{amount:.2f} {settings.SHOP_CURRENCY}"


def absolute(path: str) -> str:
    """An address on the shop's domain; one that is already absolute (an image kept elsewhere) stays as it is."""
    return path if path.startswith(("http://", "https://")) else site_url(path)


def product_link(*, product_path: str, sku: str) -> str:
    """The product page with this variant chosen (the page selects a variant by `?sku=`)."""
    return absolute(f"{product_path}?sku={quote(sku, safe='')}")


def option_value(options: dict, names: tuple[str, ...]) -> str:
    """A variant's option under any of these names, in any case ("Colour", "color")."""
    for key, value in (options or {}).items():
        if str(key).strip().lower() in names:
            return clean(str(value))
    return ""


COLOUR_NAMES = ("colour", "color")
SIZE_NAMES = ("size",)
