"""What a points entry was for, written when it is read: in the reader's language, money and dates as they write
them. An entry keeps its kind, its order and `params` (the reward code, the day the points were earned, who adjusted
and why); an old entry without them shows the description it was written with."""

from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext, pgettext

from core.formatting import money_format, shortdate_format


def _earn(entry) -> str:
    if entry.order_number:
        return pgettext("points", "Order %(number)s") % {"number": entry.order_number}
    return pgettext("points", "Purchase")


def _reverse(entry) -> str:
    if entry.order_number:
        return gettext("Return on order %(number)s") % {"number": entry.order_number}
    return gettext("Return")


def _redeem(p: dict) -> str:
    value = money_format(Decimal(str(p["value"])), p.get("currency") or None)
    return gettext("Reward code %(code)s: %(value)s off") % {"code": p["code"], "value": value}


def _expire(p: dict) -> str:
    return gettext("Expired: points of %(day)s") % {"day": shortdate_format(date.fromisoformat(p["earned_on"]))}


def _adjust(p: dict) -> str:
    if p.get("by"):
        return gettext("Adjusted by %(user)s: %(reason)s") % {"user": p["by"], "reason": p["reason"]}
    return gettext("Adjusted: %(reason)s") % {"reason": p["reason"]}


FROM_PARAMS = {"redeem": _redeem, "expire": _expire, "adjust": _adjust}


def entry_text(entry) -> str:
    """The entry's line in the points history, in the active language."""
    if entry.kind == "earn" and (entry.order_number or entry.description in ("", "Purchase")):
        return _earn(entry)
    if entry.kind == "reverse" and entry.order_number:
        return _reverse(entry)
    render = FROM_PARAMS.get(entry.kind)
    if render is not None and entry.params:
        try:
            return render(entry.params)
        except (KeyError, ValueError, TypeError, ArithmeticError):
            pass
    return entry.description or str(entry.get_kind_display())


def entry_english(*, kind: str, params: dict) -> str:
    """The description kept on the entry: its line in English."""
    with translation.override("en"):
        return FROM_PARAMS[kind](params)[:200]
