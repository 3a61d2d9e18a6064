"""How the counter follows payments: Stripe's answer for a card on the store's reader settles the waiting sale, or
cancels the order placed for the customer whose card was declined."""

from django.dispatch import receiver

from clerk.reader_orders import reader_order_answered
from clerk.terminal import terminal_settle
from payments.signals import terminal_payment_answered


@receiver(terminal_payment_answered, dispatch_uid="clerk.terminal_settle")
def reader_payment_answered(sender, *, intent_id: str, succeeded: bool, amount, message: str, **kwargs) -> str:
    return terminal_settle(intent_id=intent_id, succeeded=succeeded, amount=amount, message=message)


@receiver(terminal_payment_answered, dispatch_uid="clerk.reader_order_answered")
def reader_order_payment_answered(sender, *, intent_id: str, succeeded: bool, message: str, **kwargs) -> str:
    return reader_order_answered(intent_id=intent_id, succeeded=succeeded, message=message)
