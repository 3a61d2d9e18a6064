"""Every write to the loyalty ledger and the rewards, by concern; callers import from `loyalty.services`."""

from loyalty.services.earning import points_earn_for_purchase, points_reverse_for_return
from loyalty.services.expiry import (
    expiry_reminder_for_account,
    expiry_reminders_send_due,
    points_expire_due,
    points_expire_for_account,
    points_expiry_cutoff,
)
from loyalty.services.ledger import (
    loyalty_account_get_or_create,
    loyalty_accounts_merge,
    points_adjust,
    points_record,
)
from loyalty.services.rewards import reward_create, reward_redeem, reward_release, reward_validate

__all__ = [
    "expiry_reminder_for_account",
    "expiry_reminders_send_due",
    "loyalty_account_get_or_create",
    "loyalty_accounts_merge",
    "points_adjust",
    "points_earn_for_purchase",
    "points_expire_due",
    "points_expire_for_account",
    "points_expiry_cutoff",
    "points_record",
    "points_reverse_for_return",
    "reward_create",
    "reward_redeem",
    "reward_release",
    "reward_validate",
]
