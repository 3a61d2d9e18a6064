"""When a store can hand a variant over: the lead time inside its opening hours, in the store's clock."""

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from core.formatting import daymonth_format, weekday_format
from inventory.models import Location, OpeningHours

# Pickup times are shown to the minute but promised on the quarter hour ("from 15:15", never "from 15:07").
PICKUP_ROUNDING_MINUTES = 15
PICKUP_HORIZON_DAYS = 7


def opening_hours_by_weekday(location: Location) -> dict[int, OpeningHours]:
    """A store's opening interval per weekday (0 is Monday); a weekday that is missing is closed."""
    # .all() uses a prefetch when the caller made one, so a list of stores costs no extra queries.
    return {hours.weekday: hours for hours in location.opening_hours.all()}


def _round_up(moment: datetime, minutes: int) -> datetime:
    step = minutes * 60
    seconds = moment.minute * 60 + moment.second + moment.microsecond / 1_000_000
    extra = math.ceil(seconds / step) * step - seconds
    return (moment + timedelta(seconds=extra)).replace(second=0, microsecond=0) if extra else moment


def pickup_ready_at(*, location: Location, now: datetime) -> datetime | None:
    """When an order placed at `now` can be collected: after the lead time, inside opening hours, in store time.

    None when the location is not a pickup point or is closed for the next seven days.
    """
    if not location.is_pickup_point or not location.is_active:
        return None
    hours = opening_hours_by_weekday(location)
    if not hours:
        return None
    tz = ZoneInfo(location.timezone)
    earliest = _round_up(
        (now + timedelta(minutes=location.pickup_lead_minutes)).astimezone(tz), PICKUP_ROUNDING_MINUTES
    )
    for offset in range(PICKUP_HORIZON_DAYS + 1):
        day: date = earliest.date() + timedelta(days=offset)
        interval = hours.get(day.weekday())
        if interval is None:
            continue
        opens = datetime.combine(day, interval.opens, tzinfo=tz)
        closes = datetime.combine(day, interval.closes, tzinfo=tz)
        if earliest < opens:
            return opens
        if earliest < closes:
            return earliest
    return None


def pickup_label(ready_at: datetime | None, now: datetime) -> str:
    """Shopper wording for a ready time, in the store's clock and the active language: "Ready today from 15:00",
    "Ready Friday from 10:00"."""
    if ready_at is None:
        return gettext("Not available for pickup")
    local_now = now.astimezone(ready_at.tzinfo)
    days = (ready_at.date() - local_now.date()).days
    clock = f"{ready_at:%H:%M}"
    if days <= 0:
        return gettext("Ready today from %(time)s") % {"time": clock}
    if days == 1:
        return gettext("Ready tomorrow from %(time)s") % {"time": clock}
    day = weekday_format(ready_at) if days < 7 else daymonth_format(ready_at)
    return gettext("Ready %(day)s from %(time)s") % {"day": day, "time": clock}
