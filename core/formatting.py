"""How the shop writes money, phone numbers and card numbers for people: one format each, used by pages, emails and
the API's display strings alike."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import phonenumbers
from django.conf import settings


def money_format(value, currency: str | None = None) -> str:
    """A price as shoppers read it, e.g. "NOK 1,249.00"; empty for a missing or unreadable amount."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{currency or settings.SHOP_CURRENCY} {amount:,.2f}"


def phone_format(value, region: str | None = None) -> str:
    """A stored E.164 number as people dial it from abroad ("+47 22 33 44 55"); anything unparsable as it was."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(str(value), region or settings.SHOP_COUNTRY)
    except phonenumbers.NumberParseException:
        return str(value)
    if not phonenumbers.is_possible_number(number):
        return str(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def card_number_format(value) -> str:
    """A loyalty card number in groups of four, as printed on the card ("7123 4567 8903")."""
    digits = "".join(str(value or "").split())
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
