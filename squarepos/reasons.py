"""Why a Square event waits or needs attention, kept as a message and its values so that staff read it in their
own language; Square's own error texts and other apps' messages are kept as they came."""

from decimal import Decimal

from django.utils.translation import gettext

from core.formatting import money_format
from orders.notes import note_register


class Told(Exception):
    """A failure whose message staff read: an English message with %(name)s values, translated when shown."""

    def __init__(self, message: str, **params):
        self.message_id, self.params = message, params
        super().__init__(message % params if params else message)


def reason_parts(exc: Exception) -> tuple[str, dict]:
    """(message, values) of an exception, to be kept on the event."""
    if isinstance(exc, Told):
        return exc.message_id, exc.params
    return str(getattr(exc, "message", None) or exc), {}


def reason_english(message: str, params: dict) -> str:
    return message % params if params else message


def reason_text(message: str, params: dict) -> str:
    """The reason in the active language; a text no translation knows stays as it is."""
    if not message:
        return ""
    translated = gettext(message)
    if not params:
        return translated
    try:
        return translated % params
    except (KeyError, ValueError, TypeError):
        return reason_english(message, params)


def _square_refund_note(p: dict) -> str:
    amount = money_format(Decimal(str(p["amount"])), p.get("currency") or None)
    return gettext("Refunded in Square without returned items: %(amount)s (refund %(refund)s).") % {
        "amount": amount,
        "refund": p["refund"],
    }


note_register("square_refund", _square_refund_note)  # the order's note of a refund made in Square (refunds.py)
