"""The email that tells a customer what came back, where, and how the money is returned."""

from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext

from core.emails import email_render
from returns.models import Return


def return_receipt_email(*, return_id: int) -> EmailMultiAlternatives | None:
    """What came back, where, and how the money is returned."""
    ret = Return.objects.select_related("order", "location").prefetch_related("lines__order_line").get(pk=return_id)
    to = ret.order.email or (ret.order.customer.email if ret.order.customer_id else "")
    if not to:
        return None
    return email_render(
        subject=gettext("Your return %(number)s of order %(order)s")
        % {"number": ret.number, "order": ret.order.number},
        template="returns/email/return_receipt",
        context={"ret": ret, "order": ret.order, "lines": list(ret.lines.all())},
        to=[to],
    )
