"""Reward codes: points turned into a single-use discount that works at web checkout and at the till."""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from customers.models import Customer
from customers.selectors import customer_survivor
from loyalty.exceptions import InvalidPoints, RewardNotFound, RewardUnavailable
from loyalty.models import PointsEntry, Reward
from loyalty.selectors import points_value
from loyalty.services.ledger import account_lock, entry_write

# No 0/O or 1/I: codes are read aloud at the till and typed from a phone.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CENT = Decimal("0.01")


def reward_code_normalize(code: str) -> str:
    """What the customer typed, as stored: spaces and dashes dropped, upper case."""
    return re.sub(r"[\s-]+", "", code or "").upper()


def _code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def reward_create(*, customer: Customer, points: int) -> Reward:
    """Spend `points` (a multiple of LOYALTY_REWARD_STEP) on a fixed-amount code; the debit and the code are one.

    Raises InvalidPoints for a wrong number and InsufficientPoints when the balance is short (concurrent calls
    queue on the account lock, so the balance never goes below zero).
    """
    step = settings.LOYALTY_REWARD_STEP
    if isinstance(points, bool) or not isinstance(points, int) or points <= 0 or points % step:
        raise InvalidPoints(f"Choose a multiple of {step} points.", step=step)
    value = points_value(points=points)
    account, survivor = account_lock(customer=customer)
    code = _code_new()
    entry, _ = entry_write(
        account=account,
        kind=PointsEntry.Kind.REDEEM,
        points=-points,
        key=f"reward:{code}",
        params={"code": code, "value": str(value), "currency": settings.SHOP_CURRENCY},
    )
    return Reward.objects.create(
        code=code,
        customer=survivor,
        kind=Reward.Kind.FIXED,
        value=value,
        points_spent=points,
        entry=entry,
        expires_at=timezone.now() + timedelta(days=settings.LOYALTY_REWARD_VALID_DAYS),
    )


def _check_usable(reward: Reward | None, *, customer: Customer | None, code: str) -> Reward:
    if reward is None or (customer is not None and reward.customer_id != _live_id(customer)):
        raise RewardNotFound(gettext("There is no reward with that code."), code=code)
    if reward.redeemed_at is not None:
        raise RewardUnavailable(gettext("This reward code was already used."), code=code)
    if reward.expires_at <= timezone.now():
        raise RewardUnavailable(gettext("This reward code has expired."), code=code)
    return reward


def _live_id(customer: Customer) -> int:
    return customer_survivor(customer_id=customer.pk).pk if customer.merged_into_id else customer.pk


def reward_validate(*, code: str, customer: Customer | None) -> Reward:
    """For the checkout form: the customer's own open reward, or a clear reason why not (nothing is written)."""
    code = reward_code_normalize(code)
    return _check_usable(Reward.objects.filter(code=code).first(), customer=customer, code=code)


def reward_discount(*, reward: Reward, order_total: Decimal) -> Decimal:
    """The money off an order of `order_total`: never more than the order."""
    order_total = Decimal(order_total)
    if reward.kind == Reward.Kind.PERCENT:
        off = (order_total * reward.value / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        off = reward.value
    return max(min(off, order_total), Decimal("0")).quantize(CENT)


@dataclass(frozen=True)
class Due:
    """What a purchase costs, what a reward code takes off, and what is left to pay."""

    subtotal: Decimal
    discount: Decimal
    reward_code: str

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.discount


def reward_due(*, subtotal: Decimal, customer: Customer | None, reward_code: str = "") -> Due:
    """`subtotal` less what the reward code gives (checked, nothing locked); a code that cannot be used raises
    LoyaltyError."""
    code = (reward_code or "").strip()
    if not code:
        return Due(subtotal=subtotal, discount=Decimal("0.00"), reward_code="")
    reward = reward_validate(code=code, customer=customer)
    return Due(
        subtotal=subtotal,
        discount=min(reward_discount(reward=reward, order_total=subtotal), subtotal),
        reward_code=reward.code,
    )


@transaction.atomic
def reward_redeem(*, code: str, customer: Customer | None = None, order_number: str, order_total: Decimal) -> Decimal:
    """Use the code on one order inside the caller's transaction; returns the discount. Single use under a row lock.

    `customer=None` at the till accepts the code as a voucher. The same order redeeming again (a retry) gets the
    same discount; any other use raises RewardUnavailable, an unknown code RewardNotFound.
    """
    if not order_number:
        raise InvalidPoints("A reward is redeemed on an order.")
    code = reward_code_normalize(code)
    reward = Reward.objects.select_for_update(of=("self",), no_key=True).filter(code=code).first()
    retry = reward is not None and reward.redeemed_at is not None and reward.redeemed_order_number == order_number
    if retry and (customer is None or reward.customer_id == _live_id(customer)):
        return reward.discount
    _check_usable(reward, customer=customer, code=code)
    reward.discount = reward_discount(reward=reward, order_total=order_total)
    reward.redeemed_at = timezone.now()
    reward.redeemed_order_number = order_number
    reward.save(update_fields=["discount", "redeemed_at", "redeemed_order_number"])
    return reward.discount


@transaction.atomic
def reward_release(*, code: str, order_number: str) -> bool:
    """Give the code back when the order it was used on is cancelled before completion; True when released."""
    reward = (
        Reward.objects.select_for_update(of=("self",), no_key=True)
        .filter(code=reward_code_normalize(code), redeemed_order_number=order_number, redeemed_at__isnull=False)
        .first()
    )
    if reward is None:
        return False
    reward.redeemed_at, reward.redeemed_order_number, reward.discount = None, "", None
    reward.save(update_fields=["discount", "redeemed_at", "redeemed_order_number"])
    return True
