"""The timeline's sentences, written when they are read: an event keeps a message key and its values, and the reader
gets the sentence in their own language, money and dates as they write them.

Each message is a function of the event's values. The apps above customers add the messages that need their own
words (an order's status) with `message_register` in their `ready()`, as they connect their receivers.
"""

from decimal import Decimal

from django.utils.translation import gettext, ngettext, pgettext

from core.formatting import money_format
from core.messages import Messages

MESSAGES = Messages()
message_register, message, timeline_text = MESSAGES.register, MESSAGES.add, MESSAGES.text


def timeline_english(*, message: str, params: dict) -> str:
    """The sentence in English, kept on the row as its summary (what staff search for, and a record in words)."""
    return MESSAGES.english(message=message, params=params)[:200]


def channel_label(value: str) -> str:
    from customers.models import Channel

    return str(Channel(value).label) if value in Channel.values else value


def money(params: dict, key: str = "total") -> str:
    return money_format(Decimal(str(params[key])), params.get("currency") or None)


# ---- The profile ----


@message("profile_created")
def _profile_created(p: dict) -> str:
    return gettext("Profile created (%(channel)s)") % {"channel": channel_label(p["channel"])}


@message("phone_added")
def _phone_added(p: dict) -> str:
    return gettext("Phone number added (%(channel)s)") % {"channel": channel_label(p["channel"])}


def consent_how(p: dict) -> str:
    """Where or how the answer was given; a phrase of an older caller is shown as it was written."""
    how = p.get("how", "")
    return {
        "till": lambda: gettext("at the till"),
        "signup": lambda: gettext("at sign-up"),
        "unsubscribe": lambda: gettext("unsubscribe link"),
        "staff": lambda: gettext("by %(user)s in the staff console") % {"user": p["by"]},
        "store": lambda: gettext("in store, %(store)s") % {"store": p["store"]},
    }.get(how, lambda: how)()


@message("consent")
def _consent(p: dict) -> str:
    how = consent_how(p)
    if p["consent"]:
        if how:
            return gettext("Marketing emails turned on (%(how)s)") % {"how": how}
        return gettext("Marketing emails turned on")
    if how:
        return gettext("Marketing emails turned off (%(how)s)") % {"how": how}
    return gettext("Marketing emails turned off")


# ---- The web account ----


@message("account_created")
def _account_created(p: dict) -> str:
    return gettext("Web account created")


@message("account_linked")
def _account_linked(p: dict) -> str:
    return gettext("Web account linked after the email was verified")


@message("account_linked_by_staff")
def _account_linked_by_staff(p: dict) -> str:
    return gettext("Web account %(account)s linked by %(user)s: %(reason)s") % {
        "account": p["account"],
        "user": p["by"],
        "reason": p["reason"],
    }


@message("email_changed")
def _email_changed(p: dict) -> str:
    return gettext("Email changed to %(email)s") % {"email": p["email"]}


# ---- The wishlist ----


@message("wishlist_added")
def _wishlist_added(p: dict) -> str:
    return gettext("Added %(item)s to the wishlist") % {"item": p["item"]}


@message("wishlist_removed")
def _wishlist_removed(p: dict) -> str:
    return gettext("Removed %(item)s from the wishlist") % {"item": p["item"]}


# ---- Merging two profiles ----

MOVED = {
    "orders": lambda n: ngettext("%(count)s order moved", "%(count)s orders moved", n),
    "points": lambda n: ngettext("%(count)s point moved", "%(count)s points moved", n),
    "marketing": lambda n: ngettext("%(count)s marketing record moved", "%(count)s marketing records moved", n),
}


@message("merged")
def _merged(p: dict) -> str:
    values = {"card": p["card"], "contact": p.get("contact") or gettext("no contact"), "user": p.get("by", "")}
    if values["user"]:
        text = gettext("Profile %(card)s (%(contact)s) merged in by %(user)s") % values
    else:
        text = gettext("Profile %(card)s (%(contact)s) merged in") % values
    phrases = [MOVED[what](count) % {"count": count} for what, count in p.get("moved", {}).items() if what in MOVED]
    return "".join([text, *(f"; {phrase}" for phrase in phrases)])


# ---- Orders and returns ----


@message("order_placed")
def _order_placed(p: dict) -> str:
    values = {"number": p["number"], "channel": channel_label(p["channel"]), "total": money(p)}
    if p.get("store"):
        return gettext("Order %(number)s (%(channel)s at %(store)s): %(total)s") % {**values, "store": p["store"]}
    return gettext("Order %(number)s (%(channel)s): %(total)s") % values


@message("points_earned")
def _points_earned(p: dict) -> str:
    count = int(p["points"])
    return ngettext(
        "Earned %(count)s point on order %(number)s", "Earned %(count)s points on order %(number)s", count
    ) % {"count": count, "number": p["number"]}


@message("return")
def _return(p: dict) -> str:
    return pgettext("timeline", "Return %(return)s of order %(number)s at %(store)s: %(amount)s") % {
        "return": p["return"],
        "number": p["number"],
        "store": p["store"],
        "amount": money(p, "amount"),
    }
