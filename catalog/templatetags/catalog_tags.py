"""Display helpers for shop templates: money, phone and card numbers in the shop's one format, and option names."""

from django import template

from core.formatting import card_number_format, money_format, phone_format

register = template.Library()


@register.filter
def money(value, currency: str | None = None) -> str:
    """A price as shoppers read it in the active language ("1 249,00 kr", "NOK 1,249.00"); empty when missing."""
    return money_format(value, currency)


@register.filter
def phone(value) -> str:
    """A phone number in international format, e.g. "+47 22 33 44 55"."""
    return phone_format(value)


@register.filter
def card_number(value) -> str:
    """A card number in groups of four."""
    return card_number_format(value)


@register.filter
def option_name(value: str) -> str:
    """An option key from the catalog ("colour", "size") as a label ("Colour", "Size")."""
    return str(value).replace("_", " ").capitalize()
