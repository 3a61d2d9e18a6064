"""The one place pickup messages are handed to delivery: the transactional outbox, in the change's transaction."""

from core.models import OutboxMessage
from core.outbox import outbox_enqueue
from customers.language import customer_language
from pickup.models import Pickup


def pickup_phone(pickup: Pickup) -> str:
    """Where the text goes: the customer's number on file, else the one given at checkout."""
    order = pickup.order
    customer_phone = order.customer.phone if order.customer_id and order.customer.phone else ""
    return customer_phone or order.phone or ""


def pickup_ready_send(*, pickup: Pickup) -> None:
    """Ready: an email with the code and its QR, and a text with the code; each once per pickup."""
    context = {"pickup_id": pickup.pk}
    language = customer_language(pickup.order.customer)  # not the clerk's, who marks it ready
    outbox_enqueue(
        key=f"pickup-ready:{pickup.pk}", builder="pickup.emails.pickup_ready_email", context=context, language=language
    )
    if pickup_phone(pickup):
        outbox_enqueue(
            key=f"pickup-ready-sms:{pickup.pk}",
            builder="pickup.emails.pickup_ready_sms",
            context=context,
            channel=OutboxMessage.Channel.SMS,
            language=language,
        )


def pickup_reminder_send(*, pickup_id: int) -> bool:
    """The hold ends soon: one reminder by email (and text), ever; True when this call wrote it."""
    key = f"pickup-reminder:{pickup_id}"
    if OutboxMessage.objects.filter(key=key).exists():
        return False
    pickup = Pickup.objects.select_related("order__customer").get(pk=pickup_id)
    language = customer_language(pickup.order.customer)
    outbox_enqueue(
        key=key,
        builder="pickup.emails.pickup_reminder_email",
        context={"pickup_id": pickup_id},
        language=language,
    )
    if pickup_phone(pickup):
        outbox_enqueue(
            key=f"pickup-reminder-sms:{pickup_id}",
            builder="pickup.emails.pickup_reminder_sms",
            context={"pickup_id": pickup_id},
            channel=OutboxMessage.Channel.SMS,
            language=language,
        )
    return True


def pickup_expired_send(*, pickup_id: int) -> None:
    """Not collected in time: the shopper learns the order is cancelled and any card payment given back."""
    customer = Pickup.objects.select_related("order__customer").get(pk=pickup_id).order.customer
    outbox_enqueue(
        key=f"pickup-expired:{pickup_id}",
        builder="pickup.emails.pickup_expired_email",
        context={"pickup_id": pickup_id},
        language=customer_language(customer),
    )
