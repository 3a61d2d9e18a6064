"""What an order page shows of its store: the whole week's opening hours, closed days included."""

from django import template

from inventory.models import OpeningHours

register = template.Library()


@register.filter
def week_hours(location) -> list[dict]:
    """Monday to Sunday with the store's hours, or none on a day it is closed (its prefetched hours, no query)."""
    hours = {h.weekday: h for h in location.opening_hours.all()}
    return [{"day": label, "hours": hours.get(value)} for value, label in OpeningHours.Weekday.choices]
