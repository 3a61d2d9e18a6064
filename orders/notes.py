"""The notes the shop writes on an order's history, written when they are read: an event keeps a message key and its
values, and the reader gets the note in their own language. The English is kept on the row as its `note` (what staff
search for, and what older rows and notes typed by staff hold).

A note handed over as text (what staff typed) stays as it was written. The English notes of older rows were read
back into their messages by data migrations (`orders/migrations/_old_notes.py`).
"""

from decimal import Decimal

from django.utils.translation import gettext

from core.formatting import money_format
from core.messages import Messages
from customers.timeline_text import channel_label as _channel

NOTES = Messages()  # an app above orders adds its own notes with note_register
note_register, _note, note_text, note_english = NOTES.register, NOTES.add, NOTES.text, NOTES.english


def _money(p: dict, key: str = "amount") -> str:
    return money_format(Decimal(str(p[key])), p.get("currency") or None)


def _status(value: str) -> str:
    from orders.models import Order

    return str(Order.Status(value).label).lower()


def _method(value: str) -> str:
    from orders.models import Order

    return str(Order.PaymentMethod(value).label).lower()


note_register("not_paid", lambda p: gettext("Not paid in time"))


@_note("placed")
def _placed(p: dict) -> str:
    if p.get("store"):
        return gettext("Placed (%(channel)s) at %(store)s") % {"channel": _channel(p["channel"]), "store": p["store"]}
    return gettext("Placed (%(channel)s)") % {"channel": _channel(p["channel"])}


@_note("from_channel")
def _from_channel(p: dict) -> str:
    return gettext("From %(channel)s") % {"channel": _channel(p["channel"])}


@_note("card_paid")
def _card_paid(p: dict) -> str:
    return gettext("Card payment received (%(amount)s)") % {"amount": _money(p)}


@_note("card_paid_late")
def _card_paid_late(p: dict) -> str:
    values = {"amount": _money(p), "status": _status(p["status"])}
    if p.get("refund"):
        return gettext("Card payment received (%(amount)s) while the order was %(status)s; refund it") % values
    return gettext("Card payment received (%(amount)s) while the order was %(status)s") % values


@_note("card_failed")
def _card_failed(p: dict) -> str:
    return gettext("Card payment failed: %(reason)s") % {"reason": p["reason"]}


@_note("paid_at_counter")
def _paid_at_counter(p: dict) -> str:
    return gettext("Paid at the counter (%(method)s): %(amount)s") % {
        "method": _method(p["method"]),
        "amount": _money(p),
    }


@_note("refused_at_pickup")
def _refused_at_pickup(p: dict) -> str:
    values = {"lines": p["lines"], "amount": _money(p)}
    if p.get("refund"):
        return gettext("Refused at pickup: %(lines)s (−%(amount)s); refund %(amount)s") % values
    return gettext("Refused at pickup: %(lines)s (−%(amount)s)") % values
