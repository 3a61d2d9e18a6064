"""How the counter follows payments: Stripe's answer for a card on the store's reader settles the waiting sale."""

from django.dispatch import receiver

from clerk.terminal import terminal_settle
from payments.signals import terminal_payment_answered


@receiver(terminal_payment_answered, dispatch_uid="clerk.terminal_settle")
def reader_payment_answered(sender, *, intent_id: str, succeeded: bool, amount, message: str, **kwargs) -> str:
    return terminal_settle(intent_id=intent_id, succeeded=succeeded, amount=amount, message=message)
