"""Normal forms of the keys a customer is found by: email, phone and card number."""

import phonenumbers
from django.conf import settings


def normalize_email(raw: str | None) -> str | None:
    """Case-folded, trimmed email; None for blank."""
    value = (raw or "").strip()
    return value.casefold() or None


def normalize_phone(raw: str | None, *, country: str | None = None) -> str | None:
    """E.164 form of a phone number typed in any common way; None when it is not a valid number.

    `country` is the store's country (ISO code) for numbers typed without a prefix, e.g. "22334455".
    """
    value = (raw or "").strip()
    if not value:
        return None
    if value.startswith("00"):
        value = "+" + value[2:]
    try:
        number = phonenumbers.parse(value, (country or settings.SHOP_COUNTRY).upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_card(raw: str | None) -> str | None:
    """Card numbers are printed in groups; compare them without spaces or dashes."""
    value = "".join(ch for ch in (raw or "") if ch.isalnum()).upper()
    return value or None
