"""How the shop writes money, numbers, dates, phone numbers and card numbers for people: one format each, in the
active language (Babel's CLDR data), used by pages, emails and the API's display strings alike.

Machine-readable output — the API's numbers and dates, CSV exports — never goes through here: it keeps dot
decimals and ISO dates whatever the language.
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, get_currency_precision, get_territory_currencies
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, to_locale

# Long dates as the shop's people write them; a language not listed here gets its CLDR full date and short time.
LONG_DATE = {"nb": "EEEE d. MMMM y", "en": "EEEE d MMMM y"}
LONG_DATETIME = {"nb": "EEEE d. MMMM y 'kl.' HH:mm", "en": "EEEE d MMMM y', 'HH:mm"}
# Short dates for lists (orders, points, activity); a language not listed gets CLDR's medium date.
SHORT_DATE = {"nb": "d. MMM y", "en": "d MMM y"}
# A day in the coming weeks, without the year: "lørdag 12. desember" (nb), "Saturday 12 December" (en).
DAY_MONTH = {"nb": "EEEE d. MMMM", "en": "EEEE d MMMM"}


def babel_locale(language: str | None = None) -> Locale:
    """Babel's locale for a language code of the shop (the active one by default): "nb" → nb, "en" → en."""
    code = language or get_language() or settings.LANGUAGE_CODE
    try:
        return Locale.parse(to_locale(code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(to_locale(settings.LANGUAGE_CODE))


def _home_currencies(locale: Locale) -> set[str]:
    """The currencies of the language's own country (nb → NOK): the only ones written with a local symbol."""
    territory = locale.territory or Locale.parse(get_global("likely_subtags").get(locale.language, "und")).territory
    return set(get_territory_currencies(territory)) if territory else set()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return amount if amount.is_finite() else None


def money_format(value, currency: str | None = None, *, language: str | None = None) -> str:
    """A price as shoppers read it in their language — "3 498,90 kr" (nb), "NOK 3,498.90" (en); empty for a
    missing or unreadable amount. Rounded half up to the currency's decimals, as the shop charges.

    The language's own country's currency has its local symbol (kr in Norwegian); any other its ISO code ("EUR"),
    never a symbol that means several currencies ("kr", "$") to a reader elsewhere."""
    amount = _decimal(value)
    if amount is None:
        return ""
    currency = (currency or settings.SHOP_CURRENCY).upper()
    amount = amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency)), rounding=ROUND_HALF_UP)
    locale = babel_locale(language)
    pattern = locale.currency_formats["standard"].pattern
    if currency not in _home_currencies(locale):
        pattern = re.sub("¤+", "¤¤", pattern)
    text = format_currency(amount, currency, format=pattern, locale=locale)
    # CLDR puts a space between a currency code and the digits; Babel leaves it out ("NOK3,498.90").
    return re.sub(rf"(?<={re.escape(currency)})(?=\d)", " ", text)


def number_format(value, *, language: str | None = None) -> str:
    """A whole or decimal number grouped as people read it: points "22 262" (nb), "22,262" (en)."""
    number = _decimal(value)
    return "" if number is None else format_decimal(number, locale=babel_locale(language))


def longdate_format(value, *, language: str | None = None) -> str:
    """A date, or a moment in the shop's time zone, written out: "lørdag 5. desember 2026 kl. 10:00" (nb),
    "Saturday 5 December 2026, 10:00" (en); a plain date without the time."""
    if not value:
        return ""
    locale = babel_locale(language)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(ZoneInfo(settings.TIME_ZONE))
        pattern = LONG_DATETIME.get(locale.language) or (
            f"{locale.date_formats['full'].pattern} {locale.time_formats['short'].pattern}"
        )
        return format_datetime(value, pattern, locale=locale)
    if isinstance(value, date):
        return format_date(value, LONG_DATE.get(locale.language) or "full", locale=locale)
    return str(value)


def shortdate_format(value, *, language: str | None = None) -> str:
    """A day in a list, in the shop's time zone: "5. des. 2026" (nb), "5 Dec 2026" (en)."""
    if not value:
        return ""
    locale = babel_locale(language)
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = value.astimezone(ZoneInfo(settings.TIME_ZONE))
    if isinstance(value, date):
        return format_date(value, SHORT_DATE.get(locale.language) or "medium", locale=locale)
    return str(value)


def weekday_format(value, *, language: str | None = None) -> str:
    """The day of the week of a date or moment (in its own time zone): "lørdag" (nb), "Saturday" (en)."""
    return format_date(value, "EEEE", locale=babel_locale(language)) if value else ""


def daymonth_format(value, *, language: str | None = None) -> str:
    """A day in the coming weeks (in its own time zone): "lørdag 12. desember" (nb), "Saturday 12 December" (en)."""
    if not value:
        return ""
    locale = babel_locale(language)
    return format_date(value, DAY_MONTH.get(locale.language) or "EEEE d MMMM", locale=locale)


def _parse_phone(value, region: str | None):
    try:
        number = phonenumbers.parse(str(value), region or settings.SHOP_COUNTRY)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def phone_format(value, region: str | None = None) -> str:
    """A stored E.164 number as people dial it from abroad ("+47 22 33 44 55"); anything unparsable as it was."""
    if not value:
        return ""
    number = _parse_phone(value, region)
    if number is None:
        return str(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_display(value) -> str:
    """A phone number as the shop's customers write it: national for the shop's country ("910 00 000",
    "22 33 44 55"), international for any other ("+46 70 123 45 67"); anything unparsable as it was."""
    if not value:
        return ""
    number = _parse_phone(value, None)
    if number is None:
        return str(value)
    if phonenumbers.region_code_for_number(number) != settings.SHOP_COUNTRY:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = str(number.national_number)
    if (
        settings.SHOP_COUNTRY == "NO"
        and len(national) == 8
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    ):
        # Norwegians write mobile numbers 3-2-3; libphonenumber groups every Norwegian number in pairs.
        return f"{national[:3]} {national[3:5]} {national[5:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def card_number_format(value) -> str:
    """A loyalty card number in groups of four, as printed on the card ("7123 4567 8903")."""
    digits = "".join(str(value or "").split())
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
