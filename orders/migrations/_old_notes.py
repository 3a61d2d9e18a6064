"""Reading an English note of the shop's, as older rows stored it, back into its message and values: used only by the
data migrations that moved those rows to messages (orders 0012 for the history, 0013 for the timeline). The loader
skips this module (its name starts with an underscore)."""

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils import translation

# The shop's notes without values, as older rows stored them (in English).
SIMPLE = {
    "picking_started": "Picking started",
    "ready_for_pickup": "Ready for pickup",
    "cancelled_at_desk": "Cancelled at the pickup desk",
    "collected": "Collected at the counter",
    "not_collected": "Not collected in time",
    "not_paid": "Not paid in time",
}

SPACES = "[ \u00a0\u202f]"


def money_parse(text: str) -> dict | None:
    """ "NOK 1,250.00" (English), "1 250,00 kr" (Norwegian) or a bare "1250.00" as an amount and currency."""
    english = re.fullmatch(rf"(?:(?P<currency>[A-Z]{{3}}){SPACES}?)?(?P<amount>[\d,]+(?:\.\d+)?)", text)
    norwegian = re.fullmatch(rf"(?P<amount>[\d {SPACES[1:-1]}]+(?:,\d+)?){SPACES}kr", text)
    try:
        if english:
            amount = Decimal(english["amount"].replace(",", ""))
            return {"amount": str(amount), "currency": english["currency"] or ""}
        if norwegian:
            amount = Decimal(re.sub(SPACES, "", norwegian["amount"]).replace(",", "."))
            return {"amount": str(amount), "currency": "NOK"}
    except InvalidOperation:
        return None
    return None


def _english_labels(choices) -> dict[str, str]:
    with translation.override("en"):
        return {str(label): value for value, label in choices}


def _with_channel(key: str, m) -> tuple[str, dict] | None:
    from customers.models import Channel

    channel = _english_labels(Channel.choices).get(m["channel"])
    if channel is None:
        return None
    params = {"channel": channel}
    if "store" in m.re.groupindex:
        params["store"] = m["store"] or ""
    return key, params


def _with_money(key: str, m, **extra) -> tuple[str, dict] | None:
    money = money_parse(m["amount"])
    return None if money is None else (key, {**money, **extra})


def _paid_late(m) -> tuple[str, dict] | None:
    from orders.models import Order

    status = {label.lower(): value for label, value in _english_labels(Order.Status.choices).items()}.get(m["status"])
    if status is None:
        return None
    return _with_money("card_paid_late", m, status=status, refund=bool(m["refund"]))


def _paid_at_counter(m) -> tuple[str, dict] | None:
    from orders.models import Order

    labels = {label.lower(): value for label, value in _english_labels(Order.PaymentMethod.choices).items()}
    method = labels.get(m["method"])
    return None if method is None else _with_money("paid_at_counter", m, method=method)


PATTERNS: list[tuple[str, Callable]] = [
    (r"Cancelled at the pickup desk: (?P<reason>.+)", lambda m: ("cancelled_at_desk_because", {"reason": m["reason"]})),
    (r"Sent to (?P<store>.+)", lambda m: ("sent_to", {"store": m["store"]})),
    (r"Arrived at (?P<store>.+)", lambda m: ("arrived_at", {"store": m["store"]})),
    (r"Ordered at (?P<store>.+) by (?P<who>.+)", lambda m: ("ordered_at", {"store": m["store"], "who": m["who"]})),
    (r"Placed \((?P<channel>[^()]+)\)(?: at (?P<store>.+))?", lambda m: _with_channel("placed", m)),
    (r"From (?P<channel>.+)", lambda m: _with_channel("from_channel", m)),
    (r"Card payment received \((?P<amount>[^()]+)\)", lambda m: _with_money("card_paid", m)),
    (
        r"Card payment received \((?P<amount>[^()]+)\) while the order was (?P<status>[a-z ]+?)(?P<refund>; refund it)?",
        _paid_late,
    ),
    (r"Paid at the counter \((?P<method>[^()]+)\): (?P<amount>.+)", _paid_at_counter),
    (r"Card payment failed: (?P<reason>.+)", lambda m: ("card_failed", {"reason": m["reason"]})),
    (
        r"Refunded in Square without returned items: (?P<amount>.+) \(refund (?P<refund>\S+)\)\.",
        lambda m: _with_money("square_refund", m, refund=m["refund"]),
    ),
]


def note_parse(note: str) -> tuple[str, dict] | None:
    """The message and values an English note of the shop's was written from, or None when it is none of them."""
    for key, words in SIMPLE.items():
        if note == words:
            return key, {}
    for pattern, build in PATTERNS:
        m = re.fullmatch(pattern, note)
        if m:
            return build(m)
    return None
