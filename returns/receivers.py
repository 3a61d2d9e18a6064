"""How returns follow payments: a return's card refund is refunded, or failed, as Stripe answers."""

from django.dispatch import receiver

from payments.signals import refund_answered, refund_refused
from returns.models import Return

PREFIX = "return:"


def _return_id(key: str) -> int | None:
    tail = key[len(PREFIX) :] if key.startswith(PREFIX) else ""
    return int(tail) if tail.isascii() and tail.isdigit() else None


@receiver(refund_answered, dispatch_uid="returns.refund_answered")
def return_refunded(sender, *, refund, **kwargs) -> None:
    if (pk := _return_id(refund.key)) is not None:
        Return.objects.filter(pk=pk).update(
            refund_status=Return.RefundStatus.REFUNDED, refund_reference=refund.stripe_refund_id, refund_error=""
        )


@receiver(refund_refused, dispatch_uid="returns.refund_refused")
def return_refund_failed(sender, *, key: str, message: str, **kwargs) -> None:
    if (pk := _return_id(key)) is not None:
        Return.objects.filter(pk=pk).update(refund_status=Return.RefundStatus.FAILED, refund_error=message[:300])
