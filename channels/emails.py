"""The till sale's digital receipt, built from an order id by the outbox (a worker has no request at hand)."""

import segno
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext

from core.emails import email_render
from orders.emails import order_email_context


def receipt_email(*, order_id: int) -> EmailMultiAlternatives | None:
    """The digital receipt of a till sale: store, lines, payment, points, and a QR code of the order number."""
    context = order_email_context(order_id)
    order = context["order"]
    if not order.email:
        return None
    # The order number as a QR image (data URI): any store scans the receipt to find the order for a return.
    context["qr"] = segno.make(order.number, error="m").png_data_uri(scale=4)
    return email_render(
        subject=gettext("Your receipt %(number)s") % {"number": order.number},
        template="channels/email/receipt",
        context=context,
        to=[order.email],
    )
