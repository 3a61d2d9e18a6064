"""How long a ready pickup is held: to the store's closing time on its PICKUP_HOLD_DAYS-th opening day after it
became ready, in the store's own clock."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from inventory.models import Location
from inventory.selectors import opening_hours_by_weekday


def pickup_hold_end(*, location: Location, ready_at: datetime, days: int) -> datetime:
    """When a pickup that became ready at `ready_at` stops being held: the store's closing time on its `days`-th
    opening day after that day, in the store's clock. The hold never ends while the store is closed, and the shopper
    has `days` whole opening days to come. A store without opening hours holds for `days` times 24 hours."""
    hours = opening_hours_by_weekday(location)
    if not hours:
        return ready_at + timedelta(days=days)
    tz = ZoneInfo(location.timezone)
    day: date = ready_at.astimezone(tz).date()
    left = max(days, 1)
    while True:  # ends: at least one weekday opens
        day += timedelta(days=1)
        interval = hours.get(day.weekday())
        if interval is not None:
            left -= 1
            if not left:
                return datetime.combine(day, interval.closes, tzinfo=tz)
