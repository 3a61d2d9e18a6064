"""The ledger's rules, under the account lock: one entry per source key, the sign fits the kind, never below zero.

The account row is the last lock in the cross-app order (customers → order → stock levels → reservations →
loyalty account), so a caller may hold any of the others when it calls in here.
"""

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from customers.models import Customer
from customers.selectors import MAX_MERGE_HOPS, customer_survivor
from loyalty.entry_text import entry_english
from loyalty.exceptions import InsufficientPoints, InvalidPoints, PointsKeyConflict
from loyalty.models import LoyaltyAccount, PointsEntry, Reward

Kind = PointsEntry.Kind


@transaction.atomic
def loyalty_account_get_or_create(*, customer: Customer) -> LoyaltyAccount:
    """Every customer earns into exactly one account, created the first time it is needed."""
    account, _ = LoyaltyAccount.objects.get_or_create(customer=customer)
    return account


@transaction.atomic
def loyalty_accounts_merge(*, survivor: Customer, merged: Customer) -> int:
    """Move every points entry and reward of the merged customer to the survivor; returns the points moved.

    Entries keep their unique source keys, so a later retry of the same earn is still recognised as a duplicate.
    """
    Reward.objects.filter(customer=merged).update(customer=survivor)
    old = LoyaltyAccount.objects.select_for_update(of=("self",), no_key=True).filter(customer=merged).first()
    if old is None or not old.entries.exists():
        return 0
    target = loyalty_account_get_or_create(customer=survivor)
    entries = PointsEntry.objects.filter(account=old)
    points = sum(entries.values_list("points", flat=True))
    entries.update(account=target)
    return points


def account_lock(*, customer: Customer) -> tuple[LoyaltyAccount, Customer]:
    """The live customer's account, locked until the transaction ends; a merged-away customer leads to the survivor.

    The merge is checked again once the lock is held: a merge that committed while we waited moved the entries.
    """
    customer_id = customer.pk
    for _ in range(MAX_MERGE_HOPS + 1):
        survivor = customer_survivor(customer_id=customer_id)
        account = loyalty_account_get_or_create(customer=survivor)
        account = LoyaltyAccount.objects.select_for_update(of=("self",), no_key=True).get(pk=account.pk)
        if not Customer.objects.filter(pk=survivor.pk, merged_into__isnull=False).exists():
            return account, survivor
        customer_id = survivor.pk
    raise PointsKeyConflict("This customer was merged too many times to find the live profile.")


def entry_check_sign(*, kind: str, points: int, shortfall: int = 0) -> None:
    """The same rule as the table's CheckConstraint, with a clear message before the database says no."""
    ok = {
        Kind.EARN: points > 0,
        Kind.REDEEM: points < 0,
        Kind.EXPIRE: points < 0,
        Kind.REVERSE: points < 0 or (points == 0 and shortfall > 0),
        Kind.ADJUST: points != 0,
    }.get(kind)
    if ok is None:
        raise InvalidPoints(f"Unknown kind of points entry: '{kind}'.", kind=kind)
    if not ok:
        raise InvalidPoints(f"{points} points do not fit an entry of kind '{kind}'.", kind=kind, points=points)


def account_balance(*, account: LoyaltyAccount) -> int:
    return PointsEntry.objects.filter(account=account).aggregate(total=Sum("points"))["total"] or 0


def entry_existing(*, key: str, account: LoyaltyAccount, kind: str, **same) -> PointsEntry | None:
    """The entry already written for `key`, when it is the same event again; a different one is a conflict."""
    entry = PointsEntry.objects.filter(key=key).first()
    if entry is None:
        return None
    if entry.account_id != account.pk or entry.kind != kind or any(getattr(entry, f) != v for f, v in same.items()):
        raise PointsKeyConflict(
            "This source was already recorded for another customer or amount.", key=key, existing_kind=entry.kind
        )
    return entry


def entry_write(
    *,
    account: LoyaltyAccount,
    kind: str,
    points: int,
    key: str,
    description: str = "",
    params: dict | None = None,
    channel: str = "",
    location_code: str = "",
    location_name: str = "",
    order_number: str = "",
    amount: Decimal | None = None,
    shortfall: int = 0,
    source: PointsEntry | None = None,
    occurred_at: datetime | None = None,
) -> tuple[PointsEntry, bool]:
    """Write one entry on a locked account: a replay returns the first entry, a debit never overdraws."""
    entry_check_sign(kind=kind, points=points, shortfall=shortfall)
    existing = entry_existing(key=key, account=account, kind=kind, points=points)
    if existing is not None:
        return existing, False
    if points < 0:
        balance = account_balance(account=account)
        if balance + points < 0:
            raise InsufficientPoints(
                f"Only {balance} points available; {-points} needed.", balance=balance, needed=-points
            )
    params = params or {}
    if params and not description:
        description = entry_english(kind=kind, params=params)
    fields = {
        "description": description[:200],
        "params": params,
        "channel": channel,
        "location_code": location_code,
        "location_name": location_name[:100],
        "order_number": order_number,
        "amount": amount,
        "shortfall": shortfall,
        "source": source,
    }
    if occurred_at is not None:
        fields["occurred_at"] = occurred_at
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(account=account, kind=kind, points=points, key=key, **fields)
    except IntegrityError:
        # The same key committed meanwhile under another account's lock: the same event twice, or a conflict.
        return entry_existing(key=key, account=account, kind=kind, points=points), False
    return entry, True


@transaction.atomic
def points_record(
    *, customer: Customer, kind: str, points: int, key: str, description: str = "", **details
) -> tuple[PointsEntry, bool]:
    """Credit or debit points once per source key; a retry of the same event returns the first entry.

    Returns (entry, created). `details`: params (what the entry was for, read in any language), channel,
    location_code, location_name, order_number, amount,
    occurred_at (when it really happened). Raises InvalidPoints, InsufficientPoints or PointsKeyConflict.
    """
    entry_check_sign(kind=kind, points=points, shortfall=details.get("shortfall", 0))
    account, _ = account_lock(customer=customer)
    return entry_write(account=account, kind=kind, points=points, key=key, description=description, **details)


@transaction.atomic
def points_adjust(*, customer: Customer, points: int, reason: str, key: str, actor: str = "") -> PointsEntry:
    """Staff correct a balance by hand, with the reason on the entry; a debit still never overdraws."""
    reason = reason.strip()
    if not reason:
        raise InvalidPoints("Say why the points are adjusted.")
    entry, _ = points_record(
        customer=customer, kind=Kind.ADJUST, points=points, key=key, params={"by": actor, "reason": reason}
    )
    return entry
