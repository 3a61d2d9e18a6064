"""What a cart can be at checkout: each pickup store (when ready, what is missing, its windows) and delivery.

The one read behind the web checkout (storefront.views.checkout) and the app's `GET /api/v1/me/checkout/`, so
both offer the same stores, times and windows; placing the order (pickup.checkout) checks them again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from inventory.models import Location, OpeningHours
from inventory.selectors import availability_by_variant
from orders.emails import store_day
from orders.selectors import CartSummary, StoreChoice, ship_source, store_choice
from pickup.models import PickupSchedule
from pickup.selectors import Window, windows_by_location


def pickup_stores() -> list[Location]:
    """Active pickup-point stores with their opening hours; two queries."""
    return list(
        Location.objects.filter(is_active=True, is_pickup_point=True, kind=Location.Kind.STORE)
        .prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
        .order_by("name")
    )


def pickup_choices(
    *, wanted: dict[int, int], skus: dict[int, str], now: datetime, home_store_id: int | None = None
) -> list[StoreChoice]:
    """Every pickup store for a cart: its own stock first, else the warehouse's (later); home store first.

    Three queries whatever the number of lines and stores.
    """
    availability = availability_by_variant(variant_ids=list(wanted)) if wanted else {}
    choices = [
        store_choice(store, wanted=wanted, skus=skus, availability=availability, now=now) for store in pickup_stores()
    ]
    choices.sort(key=lambda c: (c.location.pk != home_store_id, not c.selectable, c.ready_at or now, c.location.name))
    return choices


@dataclass(frozen=True)
class WindowDay:
    """One day of a store's open windows, in the store's own clock."""

    day: date
    windows: list[Window]
    label: str

    @property
    def value(self) -> str:
        return self.day.isoformat()


@dataclass(frozen=True)
class PickupOption:
    """A pickup store for this cart; `windows` is None where the store takes no windows."""

    choice: StoreChoice
    windows: list[Window] | None = None

    @property
    def location(self):
        return self.choice.location

    @property
    def ready_text(self) -> str:
        """When the cart could be collected here, in the store's clock and the shopper's language."""
        if self.choice.ready_at is None:
            return ""
        day, time = store_day(self.choice.ready_at, timezone=self.location.timezone)
        return gettext("%(day)s from %(time)s") % {"day": day, "time": time}

    @cached_property
    def days(self) -> list[WindowDay]:
        """The windows grouped by the store's calendar day, for choosing a day and then a time."""
        if not self.windows:
            return []
        tz = ZoneInfo(self.location.timezone)
        by_day: dict[date, list[Window]] = defaultdict(list)
        for window in self.windows:
            by_day[window.starts_at.astimezone(tz).date()].append(window)
        return [
            WindowDay(
                day=day, windows=windows, label=store_day(windows[0].starts_at, timezone=self.location.timezone)[0]
            )
            for day, windows in by_day.items()
        ]


@dataclass(frozen=True)
class CheckoutOptions:
    pickup: list[PickupOption]
    ship_available: bool
    ship_fee: Decimal
    total: Decimal
    summary: CartSummary = field(repr=False)

    def option(self, code: str) -> PickupOption | None:
        return next((o for o in self.pickup if o.location.code == code), None)

    @property
    def first_selectable(self) -> PickupOption | None:
        return next((o for o in self.pickup if o.choice.selectable), None)


def checkout_options(
    *, summary: CartSummary, home_store_id: int | None = None, now: datetime | None = None
) -> CheckoutOptions:
    """Pickup stores (home store first) with ready time, what is missing and open windows; delivery and its fee.

    A constant number of queries whatever the cart's lines, the stores and their windows.
    """
    now = now or timezone.now()
    wanted = summary.wanted
    choices = pickup_choices(wanted=wanted, skus=summary.skus, now=now, home_store_id=home_store_id)
    windows = windows_by_location(ready={c.location.pk: c.ready_at for c in choices if c.selectable}, now=now)
    return CheckoutOptions(
        pickup=[PickupOption(choice=c, windows=windows.get(c.location.pk)) for c in choices],
        ship_available=bool(wanted) and ship_source(wanted=wanted) is not None,
        ship_fee=Decimal(settings.SHIPPING_FEE),
        total=summary.total,
        summary=summary,
    )


def location_has_windows(*, location) -> bool:
    """Whether a store books pickup windows: a window chosen for another store is no part of this order."""
    return PickupSchedule.objects.filter(location=location, is_active=True).exists()
