"""What can go wrong when goods come back."""

from core.exceptions import DomainError


class ReturnRefused(DomainError):
    """A return that cannot be taken as asked (more than was bought, nothing chosen, no way to refund)."""

    kind = DomainError.INVALID
    code = "return_refused"
