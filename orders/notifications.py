"""The one place order emails are handed to delivery: the transactional outbox, in the order's own transaction."""

from core.outbox import outbox_enqueue


def order_confirmation_send(*, order_id: int) -> None:
    """Write the confirmation with the order: it exists exactly when the order does, and goes out once."""
    outbox_enqueue(
        key=f"order-confirmation:{order_id}",
        builder="orders.emails.order_confirmation_email",
        context={"order_id": order_id},
    )
