"""Tiers follow rolling 12-month spend, changing exactly at the thresholds."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from customers.models import Channel
from loyalty.selectors import loyalty_card, loyalty_tier_for
from loyalty.services import points_earn_for_purchase
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tiers(settings):
    settings.LOYALTY_TIERS = [("Member", 0), ("Silver", 5000), ("Gold", 15000)]


def _buy(customer, amount, key, days_ago=0):
    points_earn_for_purchase(
        customer=customer,
        amount=Decimal(amount),
        key=key,
        channel=Channel.STORE,
        occurred_at=timezone.now() - timedelta(days=days_ago),
    )


def test_tiers_change_at_the_thresholds():
    kari = CustomerFactory()
    assert loyalty_tier_for(customer=kari).name == "Member"
    _buy(kari, "4999.00", "a")
    tier = loyalty_tier_for(customer=kari)
    assert (tier.name, tier.next_name, tier.to_next, tier.progress_percent) == ("Member", "Silver", Decimal("1.00"), 99)
    _buy(kari, "1.00", "b")
    tier = loyalty_tier_for(customer=kari)
    assert (tier.name, tier.next_name, tier.to_next, tier.progress_percent) == ("Silver", "Gold", Decimal("10000"), 0)
    _buy(kari, "10000", "c")
    tier = loyalty_tier_for(customer=kari)
    assert (tier.name, tier.next_name, tier.to_next, tier.progress_percent) == ("Gold", None, None, 100)


def test_only_the_last_twelve_months_count():
    kari = CustomerFactory()
    _buy(kari, "6000", "old", days_ago=400)
    _buy(kari, "1000", "new", days_ago=10)
    assert loyalty_tier_for(customer=kari).spend == Decimal("1000")
    assert loyalty_card(customer=kari).tier.name == "Member"
    assert loyalty_tier_for(customer=kari, at=timezone.now() - timedelta(days=300)).name == "Silver"
