"""What the tills and marketplaces are told when a request cannot be served, with the field to fix."""

from core.exceptions import DomainError, InvalidRequest


class ChannelError(DomainError):
    kind = DomainError.CONFLICT
    code = "channel_error"


class ChannelRequestInvalid(InvalidRequest, ChannelError):
    """A sale, an order or a client that can never be recorded as sent; names the field."""


class StoreNotFound(ChannelError):
    """No open store with that code."""

    kind = DomainError.NOT_FOUND
    code = "not_found"

    def __init__(self, code: str):
        super().__init__(f"No store {code}.", field="location")
