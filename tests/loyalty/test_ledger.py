"""The loyalty balance is the sum of the ledger, and a merge moves the ledger without losing or doubling points."""

import pytest

from loyalty.models import LoyaltyAccount, PointsEntry
from loyalty.selectors import loyalty_card, points_balance, points_entries
from loyalty.services import loyalty_account_get_or_create, loyalty_accounts_merge
from tests.factories import CustomerFactory, PointsEntryFactory

pytestmark = pytest.mark.django_db


def test_balance_is_zero_without_an_account():
    customer = CustomerFactory()
    assert points_balance(customer=customer) == 0
    assert not LoyaltyAccount.objects.exists()


def test_balance_is_the_sum_of_earned_redeemed_and_reversed_points():
    customer = CustomerFactory()
    PointsEntryFactory(account__customer=customer, points=500)
    PointsEntryFactory(account__customer=customer, points=-200, kind=PointsEntry.Kind.REDEEM)
    PointsEntryFactory(account__customer=customer, points=-50, kind=PointsEntry.Kind.REVERSE)
    assert points_balance(customer=customer) == 250
    assert [e.points for e in points_entries(customer=customer)] == [-50, -200, 500]


def test_card_is_printed_in_groups_of_four():
    customer = CustomerFactory(card_number="712345678903")
    assert loyalty_card(customer=customer).card_number_display == "7123 4567 8903"


def test_one_account_per_customer():
    customer = CustomerFactory()
    assert loyalty_account_get_or_create(customer=customer) == loyalty_account_get_or_create(customer=customer)


def test_merge_moves_every_entry_and_keeps_the_source_keys():
    survivor, merged = CustomerFactory(), CustomerFactory()
    PointsEntryFactory(account__customer=merged, points=120, key="order:S-1")
    PointsEntryFactory(account__customer=merged, points=30, key="order:S-2")
    assert loyalty_accounts_merge(survivor=survivor, merged=merged) == 150
    assert points_balance(customer=survivor) == 150
    assert set(points_entries(customer=survivor).values_list("key", flat=True)) == {"order:S-1", "order:S-2"}
    assert loyalty_accounts_merge(survivor=survivor, merged=merged) == 0
    assert points_balance(customer=survivor) == 150
