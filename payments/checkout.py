"""Card payment at checkout, when the card provider's module is installed and its keys are set."""

from django.conf import settings

from orders.exceptions import CardPaymentUnavailable


def card_payment_enabled() -> bool:
    """Both keys: the server creates the payment with the secret one, the page or the app confirms it with the other."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def payment_hook():
    """The provider's entry point, payment_intent_for_order(order=...); refused before anything is written."""
    if not card_payment_enabled():
        raise CardPaymentUnavailable()
    try:
        from payments.services import payment_intent_for_order
    except ImportError:
        raise CardPaymentUnavailable() from None
    return payment_intent_for_order
