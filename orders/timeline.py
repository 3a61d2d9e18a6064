"""The order's messages on the customer's timeline, which need the order's own words (its statuses and notes)."""

from django.utils.translation import gettext

from customers.timeline_text import message_register
from orders.models import Order
from orders.notes import note_text


def _note(p: dict) -> str:
    """The note of the change in the reader's language, from its message (older entries' English notes were read
    back into messages by orders' migration 0013); a note staff typed is shown as typed."""
    return note_text(message=p.get("note_message", ""), params=p.get("note_params") or {}, fallback=p.get("note", ""))


def order_updated(p: dict) -> str:
    """ "Order W-1: ready for pickup", with the note of the change when there was one."""
    values = {"number": p["number"], "status": str(Order.Status(p["status"]).label).lower()}
    if note := _note(p):
        return gettext("Order %(number)s: %(status)s (%(note)s)") % {**values, "note": note}
    return gettext("Order %(number)s: %(status)s") % values


message_register("order_updated", order_updated)
