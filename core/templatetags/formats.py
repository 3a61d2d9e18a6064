"""Money, points, dates and phone numbers in the active language, for any template: `{% load formats %}`, then
`{{ amount|money:order.currency }}`, `{{ points|points }}`, `{{ moment|longdate }}`, `{{ moment|shortdate }}`,
`{{ number|phone }}`."""

from django import template

from core.formatting import longdate_format, money_format, number_format, phone_display, shortdate_format

register = template.Library()


@register.filter
def money(value, currency: str | None = None) -> str:
    """An amount with its currency: "3 498,90 kr" (nb), "NOK 3,498.90" (en); empty when missing."""
    return money_format(value, currency)


@register.filter
def points(value) -> str:
    """A number of points or any count, grouped: "22 262" (nb), "22,262" (en)."""
    return number_format(value)


@register.filter
def longdate(value) -> str:
    """A date, or a moment in the shop's time zone, written out in full."""
    return longdate_format(value)


@register.filter
def shortdate(value) -> str:
    """A day in a list: "5. des. 2026" (nb), "5 Dec 2026" (en)."""
    return shortdate_format(value)


@register.filter
def phone(value) -> str:
    """National for the shop's country ("910 00 000"), international for any other."""
    return phone_display(value)
