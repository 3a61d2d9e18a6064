"""Old timeline rows were stored as English sentences: read each back into its message and values, so that it is
written in the reader's language from now on. A sentence that fits none of them keeps being shown as it was stored."""

import re
from decimal import Decimal

from django.db import migrations

CHANNELS = {
    "Web shop": "web",
    "Store": "store",
    "App": "app",
    "Phone": "phone",
    "Marketplace": "marketplace",
    "Social shop": "social",
}
STATUSES = {
    "awaiting payment": "pending",
    "placed": "placed",
    "being picked": "picking",
    "ready for pickup": "ready",
    "shipped": "shipped",
    "completed": "completed",
    "cancelled": "cancelled",
    "expired": "expired",
}
MOVED = re.compile(r"^(?P<count>\d+) (?P<what>orders?|points?|marketing records?) moved$")
MOVED_KEYS = {"order": "orders", "point": "points", "marketing record": "marketing"}
SPACES = "[ \u00a0\u202f]"


def money(text: str) -> dict | None:
    """ "NOK 1,250.00" (English) or "1 250,00 kr" (Norwegian) as an amount and currency."""
    english = re.fullmatch(rf"(?P<currency>[A-Z]{{3}}){SPACES}?(?P<amount>[\d,]+(?:\.\d+)?)", text)
    if english:
        return {"amount": str(Decimal(english["amount"].replace(",", ""))), "currency": english["currency"]}
    norwegian = re.fullmatch(rf"(?P<amount>[\d {SPACES[1:-1]}]+(?:,\d+)?){SPACES}kr", text)
    if norwegian:
        amount = re.sub(SPACES, "", norwegian["amount"]).replace(",", ".")
        return {"amount": str(Decimal(amount)), "currency": "NOK"}
    return None


def consent_how(how: str) -> dict:
    if how in ("at the till", "at sign-up", "unsubscribe link"):
        return {"how": {"at the till": "till", "at sign-up": "signup", "unsubscribe link": "unsubscribe"}[how]}
    if m := re.fullmatch(r"by (?P<by>.+) in the staff console", how):
        return {"how": "staff", "by": m["by"]}
    if m := re.fullmatch(r"in store, (?P<store>.+)", how):
        return {"how": "store", "store": m["store"]}
    return {"how": how}


def _channelled(message: str, label: str) -> tuple[str, dict] | None:
    return (message, {"channel": CHANNELS[label]}) if label in CHANNELS else None


def _merged(m) -> tuple[str, dict] | None:
    moved = {}
    for phrase in filter(None, (m["moved"] or "").split("; ")):
        found = MOVED.match(phrase)
        if not found:
            return None
        what = found["what"].removesuffix("s") if found["what"] != "points" else "point"
        moved[MOVED_KEYS[what]] = int(found["count"])
    contact = "" if m["contact"] == "no contact" else m["contact"]
    return "merged", {"card": m["card"], "contact": contact, "by": m["by"] or "", "moved": moved}


def _order_placed(m) -> tuple[str, dict] | None:
    total = money(m["total"])
    if m["channel"] not in CHANNELS or total is None:
        return None
    return "order_placed", {
        "number": m["number"],
        "channel": CHANNELS[m["channel"]],
        "store": m["store"] or "",
        "total": total["amount"],
        "currency": total["currency"],
    }


def _order_updated(m) -> tuple[str, dict] | None:
    if m["status"] not in STATUSES:
        return None
    return "order_updated", {"number": m["number"], "status": STATUSES[m["status"]], "note": m["note"] or ""}


def _return(m) -> tuple[str, dict] | None:
    amount = money(m["amount"])
    if amount is None:
        return None
    return "return", {"return": m["ret"], "number": m["number"], "store": m["store"], **amount}


PATTERNS = [
    (r"Profile created \((?P<label>[^)]+)\)", lambda m: _channelled("profile_created", m["label"])),
    (r"Phone number added \((?P<label>[^)]+)\)", lambda m: _channelled("phone_added", m["label"])),
    (
        r"Marketing emails turned (?P<on>on|off)(?: \((?P<how>.+)\))?",
        lambda m: ("consent", {"consent": m["on"] == "on", **consent_how(m["how"] or "")}),
    ),
    (r"Web account created", lambda m: ("account_created", {})),
    (r"Web account linked after the email was verified", lambda m: ("account_linked", {})),
    (
        r"Web account (?P<account>\S+) linked by (?P<by>\S+): (?P<reason>.+)",
        lambda m: ("account_linked_by_staff", {"account": m["account"], "by": m["by"], "reason": m["reason"]}),
    ),
    (r"Email changed to (?P<email>\S+)", lambda m: ("email_changed", {"email": m["email"]})),
    (r"Added (?P<item>.+) to the wishlist", lambda m: ("wishlist_added", {"item": m["item"]})),
    (r"Removed (?P<item>.+) from the wishlist", lambda m: ("wishlist_removed", {"item": m["item"]})),
    (
        r"Profile (?P<card>\S+) \((?P<contact>[^)]*)\) merged in(?: by (?P<by>[^;]+))?(?:; (?P<moved>.+))?",
        _merged,
    ),
    (
        r"Order (?P<number>\S+) \((?P<channel>[^()]+?)(?: at (?P<store>[^()]+))?\): (?P<total>.+)",
        _order_placed,
    ),
    (r"Order (?P<number>\S+): (?P<status>[a-z ]+?)(?: \((?P<note>.*)\))?", _order_updated),
    (r"Return (?P<ret>\S+) of order (?P<number>\S+) at (?P<store>.+): (?P<amount>[^:]+)", _return),
]


def summary_parse(summary: str) -> tuple[str, dict] | None:
    """The message and values an English summary was written from, or None when it fits none."""
    for pattern, build in PATTERNS:
        m = re.fullmatch(pattern, summary)
        if m:
            return build(m)
    return None


def forward(apps, schema_editor):
    TimelineEvent = apps.get_model("customers", "TimelineEvent")
    batch = []
    for event in TimelineEvent.objects.filter(message="").only("pk", "summary").iterator(chunk_size=2000):
        parsed = summary_parse(event.summary)
        if parsed is None:
            continue
        event.message, event.params = parsed
        batch.append(event)
        if len(batch) >= 2000:
            TimelineEvent.objects.bulk_update(batch, ["message", "params"])
            batch = []
    TimelineEvent.objects.bulk_update(batch, ["message", "params"])


def backward(apps, schema_editor):
    """The English summaries were kept: going back needs nothing."""


class Migration(migrations.Migration):
    dependencies = [("customers", "0013_timeline_message_params")]

    operations = [migrations.RunPython(forward, backward)]
