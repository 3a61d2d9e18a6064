"""Business-rule errors of the customers app; views show their message, the API maps them to JSON."""

from rest_framework import status

from config.api import DomainError


class NoIdentity(DomainError):
    """Nothing to find a customer by: no usable email, phone or card number was given."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "no_identity"


class UnknownCard(DomainError):
    """A card number that is neither on file nor a valid card we could have printed."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "unknown_card"


class ContactTaken(DomainError):
    """The email or phone already belongs to another customer profile."""

    status_code = status.HTTP_409_CONFLICT
    code = "contact_taken"


class MergeRefused(DomainError):
    """Two profiles that cannot be merged (the same one, a tombstone, or two web accounts)."""

    status_code = status.HTTP_409_CONFLICT
    code = "merge_refused"


class NoCustomerProfile(DomainError):
    """A logged-in user whose email is not verified yet has no customer profile."""

    status_code = status.HTTP_404_NOT_FOUND
    code = "no_customer_profile"
