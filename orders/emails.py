"""Order emails, each built by one function from an order id (a worker has no request at hand)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext

from core.emails import email_render, site_url
from core.formatting import babel_locale
from orders.models import Order
from orders.selectors import order_detail

GUEST_LINK_SALT = "orders.guest-order-link"
GUEST_LINK_MAX_AGE = timedelta(days=180)
# A day as a message names it, in the active language: "Thursday 3 December", "torsdag 3. desember".
DAY_PATTERNS = {"nb": "EEEE d. MMMM", "en": "EEEE d MMMM"}


def order_guest_token(*, order: Order) -> str:
    """A signed token naming one order, for the link in a guest's email (no account needed to see it)."""
    return signing.TimestampSigner(salt=GUEST_LINK_SALT).sign_object({"n": order.number}, compress=False)


def order_guest_token_check(token: str) -> str | None:
    """The order number a guest link names, or None when it is forged or too old."""
    try:
        data = signing.TimestampSigner(salt=GUEST_LINK_SALT).unsign_object(token, max_age=GUEST_LINK_MAX_AGE)
    except (signing.BadSignature, signing.SignatureExpired):
        return None
    return data.get("n") if isinstance(data, dict) else None


def order_link(*, order: Order) -> str:
    """The account page for shoppers with an account; a signed link for guests."""
    if order.customer is not None and order.customer.user_id is not None:
        return site_url(reverse("storefront:account_order", kwargs={"number": order.number}))
    return site_url(reverse("storefront:guest_order", kwargs={"token": order_guest_token(order=order)}))


def store_day(when, *, timezone: str) -> tuple[str, str]:
    """A moment in a store's own clock as the day and the time a message names, in the active language:
    ("Thursday 3 December", "15:00") or ("torsdag 3. desember", "15:00")."""
    local = when.astimezone(ZoneInfo(timezone))
    locale = babel_locale()
    return format_datetime(local, DAY_PATTERNS.get(locale.language, "EEEE d MMMM"), locale=locale), f"{local:%H:%M}"


def ready_text(order: Order) -> str:
    """When a pickup can be collected, in the store's own clock ("Thursday 3 December from 15:00")."""
    if order.ready_at is None or order.location is None:
        return ""
    day, time = store_day(order.ready_at, timezone=order.location.timezone)
    return gettext("%(day)s from %(time)s") % {"day": day, "time": time}


def order_email_context(order_id: int) -> dict:
    """What every order email starts from: the order (its lines, store and opening hours read at once), its lines
    and its store."""
    order = order_detail(number=Order.objects.values_list("number", flat=True).get(pk=order_id))
    return {"order": order, "lines": list(order.lines.all()), "store": order.location}


def order_confirmation_email(*, order_id: int) -> EmailMultiAlternatives:
    """The confirmation: lines, totals, the pickup store with address and opening hours, and a link to the order."""
    context = order_email_context(order_id)
    order = context["order"]
    context |= {
        "hours": list(order.location.opening_hours.all()) if order.location else [],
        "link": order_link(order=order),
        "ready": ready_text(order),
    }
    return email_render(
        subject=gettext("Order %(number)s confirmed") % {"number": order.number},
        template="orders/email/confirmation",
        context=context,
        to=[order.email],
    )
