"""The counter's notes on an order's history (see orders/notes.py), in the reader's language."""

from decimal import Decimal

from django.utils.translation import gettext

from core.formatting import money_format
from orders.notes import note_register


def _paid_after_sale(p: dict) -> str:
    values = {"intent": p["intent"], "amount": money_format(Decimal(str(p["amount"])), p.get("currency") or None)}
    return (
        gettext(
            "Card payment %(intent)s (%(amount)s) taken on the reader after this sale was recorded otherwise: refund it "
            "in Stripe."
        )
        % values
    )


note_register("reader_paid_after_sale", _paid_after_sale)
note_register("reader_not_paid", lambda p: gettext("Card not paid on the reader: %(reason)s") % {"reason": p["reason"]})
