"""Business-rule errors of the loyalty ledger and rewards; the API and the pages map their `kind` to a status."""

from core.exceptions import DomainError


class LoyaltyError(DomainError):
    """Base of every loyalty refusal."""


class InvalidPoints(LoyaltyError):
    """A number of points that the rules do not allow: zero, the wrong sign for the kind, not a reward step."""

    kind = DomainError.INVALID
    code = "invalid_points"


class InsufficientPoints(LoyaltyError):
    """A debit larger than the balance: the ledger never goes below zero. It asks for more than there is (400)."""

    kind = DomainError.INVALID
    code = "insufficient_points"


class PointsKeyConflict(LoyaltyError):
    """A source key already used for another customer, kind or amount: a bug or a forged event, never a retry."""

    kind = DomainError.CONFLICT
    code = "points_key_conflict"


class EarnNotFound(LoyaltyError):
    """A return names a purchase that earned no points for this customer."""

    kind = DomainError.NOT_FOUND
    code = "earn_not_found"


class RewardNotFound(LoyaltyError):
    """No reward with that code for this customer (the same answer for someone else's code)."""

    kind = DomainError.NOT_FOUND
    code = "reward_not_found"


class RewardUnavailable(LoyaltyError):
    """The reward exists but can no longer be used: already redeemed or expired."""

    kind = DomainError.CONFLICT
    code = "reward_unavailable"
