"""The email that tells a customer what came back, where, and how the money is returned."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from returns.models import Return


def return_receipt_email(*, return_id: int) -> EmailMultiAlternatives | None:
    """What came back, where, and how the money is returned."""
    ret = Return.objects.select_related("order", "location").prefetch_related("lines__order_line").get(pk=return_id)
    to = ret.order.email or (ret.order.customer.email if ret.order.customer_id else "")
    if not to:
        return None
    context = {"ret": ret, "order": ret.order, "lines": list(ret.lines.all()), "SHOP_NAME": settings.SHOP_NAME}
    message = EmailMultiAlternatives(
        subject=f"[{settings.SHOP_NAME}] Your return {ret.number} of order {ret.order.number}",
        body=render_to_string("orders/email/return_receipt.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string("orders/email/return_receipt.html", context), "text/html")
    return message
