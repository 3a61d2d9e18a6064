"""What can go wrong when money moves through the card payment service."""

from core.exceptions import DomainError


class PaymentError(DomainError):
    kind = DomainError.CONFLICT
    code = "payment_error"


class PaymentUnavailable(PaymentError):
    """The card payment service could not be reached or refused to start the payment; nothing was charged."""

    code = "payment_unavailable"

    def __init__(self, *, number: str):
        super().__init__(
            f"We could not reach the card payment service, so order {number} was not placed and nothing was "
            "charged. Please try again in a moment, or choose pay at pickup.",
            number=number,
        )


class RefundRefused(PaymentError):
    """A refund that would pay back more than was paid, or that the payment service turned down."""

    code = "refund_refused"

    def __init__(self, message: str, *, number: str):
        super().__init__(message, number=number)


class StripeCallInTransaction(RuntimeError):
    """A call to Stripe was about to be made while a database transaction is open: a programming error.

    Money that must move is written as a row inside the transaction and asked of Stripe after the commit."""


class WebhookEventInvalid(DomainError):
    """A signed event whose object we cannot read: answered 400, stored nowhere, so a good redelivery still counts."""

    kind = DomainError.INVALID
    code = "invalid"

    def __init__(self, message: str, *, field: str):
        super().__init__(message, field=field)
