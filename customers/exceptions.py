"""Business-rule errors of the customers app; views show their message, the API maps them to JSON."""

from core.exceptions import DomainError


class NoIdentity(DomainError):
    """Nothing to find a customer by: no usable email, phone or card number was given."""

    kind = DomainError.INVALID
    code = "no_identity"


class UnknownCard(DomainError):
    """A card number that is neither on file nor a valid card we could have printed."""

    kind = DomainError.INVALID
    code = "unknown_card"


class ContactTaken(DomainError):
    """The email or phone already belongs to another customer profile."""

    kind = DomainError.CONFLICT
    code = "contact_taken"


class MergeRefused(DomainError):
    """Two profiles that cannot be merged (the same one, a tombstone, or two web accounts)."""

    kind = DomainError.CONFLICT
    code = "merge_refused"


class NoCustomerProfile(DomainError):
    """A logged-in user whose email is not verified yet has no customer profile."""

    kind = DomainError.NOT_FOUND
    code = "no_customer_profile"


class LinkRefused(DomainError):
    """Staff cannot link this web account to this customer (no reason, already linked, or merged away)."""

    kind = DomainError.CONFLICT
    code = "link_refused"


class NoLongerSold(DomainError):
    """A variant taken out of the shop (it or its product inactive) cannot go on a wishlist."""

    kind = DomainError.CONFLICT
    code = "no_longer_sold"
