"""What can go wrong with carts and orders, said so that a shopper, a clerk or an API client knows what to do next."""

from core.exceptions import DomainError


class OrderError(DomainError):
    kind = DomainError.CONFLICT
    code = "order_error"


class IllegalTransition(OrderError):
    """The order's status does not allow this step (e.g. completing a cancelled order)."""

    code = "illegal_transition"

    def __init__(self, *, number: str, from_status: str, to_status: str, reason: str = ""):
        why = f" {reason}" if reason else ""
        super().__init__(
            f"Order {number} is {from_status}; it cannot become {to_status}.{why}",
            number=number,
            status=from_status,
            to=to_status,
        )


class CheckoutInvalid(OrderError):
    """A checkout or cart request that can never succeed as written; names the field."""

    kind = DomainError.INVALID
    code = "invalid"

    def __init__(self, message: str, *, field: str = ""):
        self.field = field
        super().__init__(message, **({"field": field} if field else {}))


class EmptyCart(CheckoutInvalid):
    code = "empty_cart"

    def __init__(self):
        super().__init__("Your cart is empty.", field="cart")


class CardPaymentUnavailable(CheckoutInvalid):
    code = "card_unavailable"

    def __init__(self):
        super().__init__("Card payment is not available.", field="payment")


class PaymentUnavailable(OrderError):
    """The card payment service could not be reached or refused to start the payment; nothing was charged."""

    code = "payment_unavailable"

    def __init__(self, *, number: str):
        super().__init__(
            f"We could not reach the card payment service, so order {number} was not placed and nothing was "
            "charged. Please try again in a moment, or choose pay at pickup.",
            number=number,
        )


class RefundRefused(OrderError):
    """A refund that would pay back more than was paid, or that the payment service turned down."""

    code = "refund_refused"

    def __init__(self, message: str, *, number: str):
        super().__init__(message, number=number)


class OrderNotFound(OrderError):
    """No such order for this caller (its channel, its number)."""

    kind = DomainError.NOT_FOUND
    code = "not_found"


class ReturnRefused(OrderError):
    """A return that cannot be taken as asked (more than was bought, nothing chosen, no way to refund)."""

    kind = DomainError.INVALID
    code = "return_refused"
