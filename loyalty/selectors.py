"""Reads of the loyalty ledger: the balance is always the sum of the entries, the tier the sum of 12 months' spend."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from customers.models import Customer
from loyalty.models import LoyaltyAccount, PointsEntry, Reward

TIER_WINDOW = timedelta(days=365)
# The default LOYALTY_TIERS' names, for the translation catalog: a shop naming its tiers otherwise translates those.
TIER_NAMES = (gettext_noop("Member"), gettext_noop("Silver"), gettext_noop("Gold"))


def points_entries(*, customer: Customer) -> QuerySet[PointsEntry]:
    """The customer's points history, by the time each entry really happened, newest first."""
    return PointsEntry.objects.filter(account__customer=customer).order_by("-occurred_at", "-pk")


def points_balance(*, customer: Customer) -> int:
    """Points the customer can spend right now: the sum of the ledger, 0 when there is no account yet."""
    return points_entries(customer=customer).aggregate(total=Sum("points"))["total"] or 0


def points_value(*, points: int) -> Decimal:
    """What `points` are worth as reward codes: whole reward steps only."""
    steps = max(points, 0) // settings.LOYALTY_REWARD_STEP
    return (Decimal(settings.LOYALTY_REWARD_VALUE_PER_STEP) * steps).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class TierStatus:
    """The tier reached by rolling 12-month spend, and how far the next one is."""

    name: str
    spend: Decimal
    multiplier: float
    next_name: str | None
    next_threshold: Decimal | None

    @property
    def label(self) -> str:
        """The tier's name in the reader's language (the name itself stays the key of settings and the API)."""
        return gettext(self.name)

    @property
    def next_label(self) -> str | None:
        return gettext(self.next_name) if self.next_name else None

    @property
    def to_next(self) -> Decimal | None:
        return None if self.next_threshold is None else max(self.next_threshold - self.spend, Decimal("0"))

    @property
    def progress_percent(self) -> int:
        """How far from this tier's threshold to the next one, 0-100; 100 at the top tier."""
        if self.next_threshold is None:
            return 100
        floor = tier_threshold(name=self.name)
        span = self.next_threshold - floor
        return max(0, min(100, int((self.spend - floor) * 100 / span))) if span > 0 else 100


def tier_threshold(*, name: str) -> Decimal:
    return next(Decimal(str(limit)) for tier, limit in settings.LOYALTY_TIERS if tier == name)


def tier_for_spend(*, spend: Decimal) -> TierStatus:
    """Thresholds come from settings.LOYALTY_TIERS as (name, spend from which it applies), lowest first."""
    tiers = sorted(((name, Decimal(str(limit))) for name, limit in settings.LOYALTY_TIERS), key=lambda t: t[1])
    reached = tiers[0]
    following = None
    for index, (name, limit) in enumerate(tiers):
        if spend >= limit:
            reached = (name, limit)
            following = tiers[index + 1] if index + 1 < len(tiers) else None
    return TierStatus(
        name=reached[0],
        spend=spend,
        multiplier=float(settings.LOYALTY_TIER_MULTIPLIERS.get(reached[0], 1)),
        next_name=following[0] if following else None,
        next_threshold=following[1] if following else None,
    )


def _spend_filter(*, at: datetime) -> Q:
    return Q(entries__occurred_at__gt=at - TIER_WINDOW, entries__occurred_at__lte=at)


def rolling_spend(*, account_id: int | None, at: datetime | None = None) -> Decimal:
    """Purchases minus returns in the 12 months up to `at`, from the amounts stored on the ledger."""
    if account_id is None:
        return Decimal("0")
    at = at or timezone.now()
    total = LoyaltyAccount.objects.filter(pk=account_id).aggregate(
        spend=Sum("entries__amount", filter=_spend_filter(at=at))
    )
    return total["spend"] or Decimal("0")


def loyalty_tier_for(*, customer: Customer, at: datetime | None = None) -> TierStatus:
    """The customer's tier now (or at `at`) with the progress to the next one; one query."""
    account_id = LoyaltyAccount.objects.filter(customer=customer).values_list("pk", flat=True).first()
    return tier_for_spend(spend=rolling_spend(account_id=account_id, at=at))


@dataclass(frozen=True)
class LoyaltyCard:
    """What the web account, the app and the clerk console show on the loyalty card."""

    card_number: str
    balance: int
    tier: TierStatus | None = None

    @property
    def card_number_display(self) -> str:
        """Printed in groups of four, as on the plastic card."""
        return " ".join(self.card_number[i : i + 4] for i in range(0, len(self.card_number), 4))

    @property
    def worth(self) -> Decimal:
        return points_value(points=self.balance)


def loyalty_card(*, customer: Customer) -> LoyaltyCard:
    """Card number, balance and tier in one query, whatever the length of the history."""
    now = timezone.now()
    row = Customer.objects.filter(pk=customer.pk).aggregate(
        balance=Sum("loyalty_account__entries__points"),
        spend=Sum(
            "loyalty_account__entries__amount",
            filter=Q(
                loyalty_account__entries__occurred_at__gt=now - TIER_WINDOW,
                loyalty_account__entries__occurred_at__lte=now,
            ),
        ),
    )
    return LoyaltyCard(
        card_number=customer.card_number,
        balance=row["balance"] or 0,
        tier=tier_for_spend(spend=row["spend"] or Decimal("0")),
    )


def rewards_open(*, customer: Customer) -> list[Reward]:
    """Reward codes the customer can still use, soonest to expire first."""
    return list(
        Reward.objects.filter(customer=customer, redeemed_at__isnull=True, expires_at__gt=timezone.now()).order_by(
            "expires_at", "pk"
        )
    )
