"""Factories for inventory tests that the shared factories do not cover."""

from datetime import time

import factory

from inventory.models import OpeningHours
from tests.factories import LocationFactory


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    location = factory.SubFactory(LocationFactory)
    weekday = 0
    opens = time(10, 0)
    closes = time(20, 0)


def open_weekdays(location, *, opens=time(10, 0), closes=time(20, 0), saturday=(time(10, 0), time(18, 0))):
    """Monday–Friday opens–closes, Saturday shorter, Sunday closed."""
    for weekday in range(5):
        OpeningHoursFactory(location=location, weekday=weekday, opens=opens, closes=closes)
    if saturday:
        OpeningHoursFactory(location=location, weekday=5, opens=saturday[0], closes=saturday[1])
    return location
