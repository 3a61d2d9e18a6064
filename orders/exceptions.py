"""What can go wrong with carts and orders, said so that a shopper, a clerk or an API client knows what to do next."""

from django.utils.translation import gettext

from core.exceptions import DomainError, InvalidRequest
from inventory.exceptions import InvalidInput


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


class CheckoutInvalid(InvalidRequest, OrderError):
    """A checkout or cart request that can never succeed as written; names the field."""


class EmptyCart(CheckoutInvalid):
    code = "empty_cart"

    def __init__(self):
        super().__init__(gettext("Your cart is empty."), field="cart")


class CardPaymentUnavailable(CheckoutInvalid):
    code = "card_unavailable"

    def __init__(self):
        super().__init__(gettext("Card payment is not available."), field="payment")


class OrderNotFound(OrderError):
    """No such order for this caller (its channel, its number)."""

    kind = DomainError.NOT_FOUND
    code = "not_found"


class UnknownLocation(InvalidInput):
    """The store chosen to pick up from is unknown, closed or no pickup point."""

    code = "unknown_location"

    def __init__(self, code: str, *, field: str = "location"):
        super().__init__(f"Unknown location: {code}.", field=field)
