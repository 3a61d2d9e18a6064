"""How staff pages show dates, phone numbers and card numbers: in the shop's time zone and grouped for reading."""

from datetime import datetime

import phonenumbers
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

# "1 Dec 2026, 14:05": day before month, 24-hour clock, as the shop reads it.
WHEN_FORMAT = "j M Y, H:i"
CARD_GROUP = 4


def when(moment: datetime | None) -> str:
    """A moment in the shop's time zone, e.g. "1 Dec 2026, 14:05"; empty when there is none."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, WHEN_FORMAT)


def phone_for_reading(phone: str | None) -> str:
    """A stored phone number as people write it: national format at home, international otherwise."""
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(phone, settings.SHOP_COUNTRY)
    except phonenumbers.NumberParseException:
        return phone
    home = phonenumbers.region_code_for_number(number) == settings.SHOP_COUNTRY.upper()
    style = phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def card_for_reading(card: str | None) -> str:
    """A card number in groups of four, as printed on the card: "7000 1234 5674"."""
    if not card:
        return ""
    return " ".join(card[i : i + CARD_GROUP] for i in range(0, len(card), CARD_GROUP))
