"""The order's messages on the customer's timeline, which need the order's own words (its statuses)."""

from django.utils.translation import gettext

from customers.timeline_text import message_register
from orders.models import Order


def order_updated(p: dict) -> str:
    """ "Order W-1: ready for pickup", with the note of the change when there was one."""
    values = {"number": p["number"], "status": str(Order.Status(p["status"]).label).lower()}
    if p.get("note"):
        return gettext("Order %(number)s: %(status)s (%(note)s)") % {**values, "note": p["note"]}
    return gettext("Order %(number)s: %(status)s") % values


message_register("order_updated", order_updated)
