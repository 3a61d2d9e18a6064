"""The return's note on the order's history, in the reader's language (its refund method is the return's word)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy, pgettext

from core.formatting import money_format
from orders.notes import note_register
from returns.models import Return


def returned(p: dict) -> str:
    method = str(Return.RefundMethod(p["method"]).label).lower()
    return pgettext("order note", "Return %(return)s of order %(number)s at %(store)s: %(amount)s (%(method)s)") % {
        "return": p["return"],
        "number": p["number"],
        "store": p["store"],
        "amount": money_format(Decimal(str(p["amount"])), p.get("currency") or None),
        "method": method,
    }


note_register("returned", returned)

# The reasons the shop itself gives a return (stored in English, as a reason typed at the desk is stored as typed).
SQUARE_REFUND = "Refunded in Square"
SHOP_REASONS = {SQUARE_REFUND: gettext_lazy("Refunded in Square")}


def reason_text(reason: str) -> str:
    """The return's reason in the active language when the shop gave it; as typed otherwise."""
    return str(SHOP_REASONS.get(reason, reason))
