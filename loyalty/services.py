"""Writes to the loyalty ledger that the customers app needs: accounts and moving points on a merge."""

from django.db import IntegrityError, transaction

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
    old = LoyaltyAccount.objects.select_for_update(of=("self",), no_key=True).filter(customer=merged).first()
    if old is None or not old.entries.exists():
        return 0
    target = loyalty_account_get_or_create(customer=survivor)
    entries = PointsEntry.objects.filter(account=old)
    points = sum(entries.values_list("points", flat=True))
    entries.update(account=target)
    return points


@transaction.atomic
def points_record(
    *, customer: Customer, kind: str, points: int, key: str, description: str = ""
) -> tuple[PointsEntry, bool]:
    """Credit or debit points once per source key; a retry or a duplicate event returns the first entry.

    Returns (entry, created). The account row is locked last, after any order and stock rows the caller holds.
    """
    if points == 0:
        raise ValueError("A points entry must credit or debit at least one point.")
    account = loyalty_account_get_or_create(customer=customer)
    LoyaltyAccount.objects.select_for_update(of=("self",), no_key=True).filter(pk=account.pk).get()
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(
                account=account, kind=kind, points=points, key=key, description=description[:200]
            )
    except IntegrityError:
        return PointsEntry.objects.get(key=key), False
    return entry, True
