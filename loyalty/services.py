"""Writes to the loyalty ledger that the customers app needs: accounts and moving points on a merge."""

from django.db import transaction

from customers.models import Customer
from loyalty.models import LoyaltyAccount, PointsEntry


@transaction.atomic
def loyalty_account_get_or_create(*, customer: Customer) -> LoyaltyAccount:
    """Every customer earns into exactly one account, created the first time it is needed."""
    account, _ = LoyaltyAccount.objects.get_or_create(customer=customer)
    return account


@transaction.atomic
def loyalty_accounts_merge(*, survivor: Customer, merged: Customer) -> int:
    """Move every points entry of the merged customer to the survivor's account; returns the points moved.

    Entries keep their unique source keys, so a later retry of the same earn is still recognised as a duplicate.
    """
    old = LoyaltyAccount.objects.select_for_update(of=("self",)).filter(customer=merged).first()
    if old is None or not old.entries.exists():
        return 0
    target = loyalty_account_get_or_create(customer=survivor)
    entries = PointsEntry.objects.filter(account=old)
    points = sum(entries.values_list("points", flat=True))
    entries.update(account=target)
    return points
