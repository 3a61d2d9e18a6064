"""The one place order emails are handed to delivery: the transactional outbox, in the order's own transaction."""

from django.utils import translation

from core.outbox import outbox_enqueue
from orders.models import Order


def order_confirmation_send(*, order_id: int, language: str | None = None) -> None:
    """Write the confirmation with the order: it exists exactly when the order does, and goes out once.

    In the customer's language; a customer who never chose one is placing the order right now (checkout, which
    then saves the language of the request on their profile), so it is the one they are reading the shop in."""
    if language is None:  # the caller did not have the customer at hand
        language = Order.objects.filter(pk=order_id).values_list("customer__language", flat=True).first()
    outbox_enqueue(
        key=f"order-confirmation:{order_id}",
        builder="orders.emails.order_confirmation_email",
        context={"order_id": order_id},
        language=language or translation.get_language(),
    )
