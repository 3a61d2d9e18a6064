"""Earning on a completed purchase of any channel, and taking points back on a return; loyalty knows no orders."""

from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from customers.models import Customer
from inventory.models import Location
from loyalty.exceptions import EarnNotFound, InvalidPoints
from loyalty.models import PointsEntry
from loyalty.selectors import rolling_spend, tier_for_spend
from loyalty.services.ledger import account_balance, account_lock, entry_existing, entry_write

Kind = PointsEntry.Kind


def points_for_amount(*, amount: Decimal, multiplier: float) -> int:
    """Whole points for an amount: settings.LOYALTY_POINTS_PER_UNIT per currency unit, times the tier's multiplier."""
    raw = amount * Decimal(str(settings.LOYALTY_POINTS_PER_UNIT)) * Decimal(str(multiplier))
    return int(raw.to_integral_value(rounding=ROUND_FLOOR))


@transaction.atomic
def points_earn_for_purchase(
    *,
    customer: Customer,
    amount: Decimal,
    key: str,
    channel: str,
    location_code: str = "",
    order_number: str = "",
    occurred_at: datetime | None = None,
) -> PointsEntry | None:
    """Credit a completed purchase once per key (e.g. "order:W-1001"): `amount` after discounts, without shipping.

    The tier before this purchase sets the multiplier. Replaying the same key returns the first entry and credits
    nothing; the same key with another customer or amount raises PointsKeyConflict. None when it earns no points.
    """
    amount = Decimal(amount)
    if amount < 0:
        raise InvalidPoints("A purchase amount cannot be negative.", amount=str(amount))
    account, _ = account_lock(customer=customer)
    existing = entry_existing(key=key, account=account, kind=Kind.EARN, amount=amount)
    if existing is not None:
        return existing
    occurred_at = occurred_at or timezone.now()
    tier = tier_for_spend(spend=rolling_spend(account_id=account.pk, at=occurred_at))
    points = points_for_amount(amount=amount, multiplier=tier.multiplier)
    if points <= 0:
        return None
    location_name = ""
    if location_code:
        location_name = Location.objects.filter(code=location_code).values_list("name", flat=True).first() or ""
    entry, _ = entry_write(
        account=account,
        kind=Kind.EARN,
        points=points,
        key=key,
        description=f"Order {order_number}" if order_number else "Purchase",
        channel=channel,
        location_code=location_code,
        location_name=location_name,
        order_number=order_number,
        amount=amount,
        occurred_at=occurred_at,
    )
    return entry


@transaction.atomic
def points_reverse_for_return(
    *, customer: Customer, original_key: str, returned_amount: Decimal, original_amount: Decimal, key: str
) -> PointsEntry | None:
    """Take back the points earned on the returned value, pro rata and rounded down, once per return key.

    Points already spent are not clawed back below zero: the balance stops at 0 and the entry records the
    `shortfall`. Partial returns never take back more than the purchase earned. None when nothing is due.
    """
    returned_amount, original_amount = Decimal(returned_amount), Decimal(original_amount)
    if original_amount <= 0 or returned_amount <= 0 or returned_amount > original_amount:
        raise InvalidPoints(
            "The returned amount must be positive and at most the purchase amount.",
            returned_amount=str(returned_amount),
            original_amount=str(original_amount),
        )
    account, _ = account_lock(customer=customer)
    existing = entry_existing(key=key, account=account, kind=Kind.REVERSE, amount=-returned_amount)
    if existing is not None:
        return existing
    original = PointsEntry.objects.filter(key=original_key, account=account, kind=Kind.EARN).first()
    if original is None:
        raise EarnNotFound("No points were earned on that purchase.", key=original_key)
    done = original.followers.filter(kind=Kind.REVERSE).aggregate(points=Sum("points"), shortfall=Sum("shortfall"))
    already = -(done["points"] or 0) + (done["shortfall"] or 0)
    due = int((Decimal(original.points) * returned_amount / original_amount).to_integral_value(rounding=ROUND_FLOOR))
    due = min(due, original.points - already)
    if due <= 0:
        return None
    taken = min(due, max(account_balance(account=account), 0))
    shortfall = due - taken
    note = f" ({shortfall} already spent)" if shortfall else ""
    entry, _ = entry_write(
        account=account,
        kind=Kind.REVERSE,
        points=-taken,
        key=key,
        description=f"Return on order {original.order_number or original_key}{note}",
        channel=original.channel,
        location_code=original.location_code,
        location_name=original.location_name,
        order_number=original.order_number,
        amount=-returned_amount,
        shortfall=shortfall,
        source=original,
    )
    return entry
