"""What can go wrong at the pickup desk, said so that the clerk knows what to do next."""

from django.utils.translation import gettext

from core.exceptions import DomainError


class PickupError(DomainError):
    kind = DomainError.CONFLICT
    code = "pickup_error"


class PickupNotReady(PickupError):
    """Only a ready pickup can be handed over (not one still being picked, nor an expired or cancelled one)."""

    code = "pickup_not_ready"

    def __init__(self, *, number: str, status_label: str):
        super().__init__(f"Order {number} is {status_label}; only a ready pickup can be handed over.", number=number)


class PaymentRequired(PickupError):
    kind = DomainError.INVALID
    code = "payment_required"

    def __init__(self, *, number: str, total):
        super().__init__(
            f"Order {number} is not paid yet: take {total} in cash or by card first.", number=number, field="payment"
        )


class PickupCodeNotFound(PickupError):
    kind = DomainError.NOT_FOUND
    code = "pickup_code_not_found"

    def __init__(self):
        super().__init__("No open pickup at this store has that code. Check it with the customer.", field="code")


class TooManyCodeAttempts(PickupError):
    kind = DomainError.RATE_LIMITED
    code = "too_many_code_attempts"

    def __init__(self, *, minutes: int):
        super().__init__(f"Too many wrong codes. Try again in {minutes} minutes or look the order up by number.")


class SlotInvalid(PickupError):
    kind = DomainError.INVALID
    code = "invalid"

    def __init__(self, message: str):
        super().__init__(message, field="slot")


class SlotFull(PickupError):
    code = "slot_full"

    def __init__(self):
        super().__init__(gettext("That pickup window has just filled up. Please choose another."), field="slot")


class PickupAwaitsTransfer(PickupError):
    """Ship to store: nothing can be picked or made ready at the store before its transfer has arrived."""

    code = "pickup_awaits_transfer"

    def __init__(self, *, number: str, transfer: str, expected: str = ""):
        when = f", expected {expected}" if expected else ""
        super().__init__(
            f"Order {number} is waiting for transfer {transfer}{when}: it can be picked once the transfer has arrived.",
            number=number,
            transfer=transfer,
        )
