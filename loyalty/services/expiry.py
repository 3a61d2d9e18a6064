"""Points expire first-in-first-out after LOYALTY_POINTS_EXPIRE_MONTHS; the customer is told once, 30 days before.

Every debit (redeem, reverse, expire, negative adjust) uses the oldest points first, so a credit's unspent rest
is what is left of the credits up to it after all debits. Each credit expires under its own key, so a rerun adds
nothing.
"""

import calendar
from datetime import date, datetime, timedelta

from babel.dates import format_date
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext

from core.emails import email_html_from_text, shop_context
from core.formatting import babel_locale, number_format
from core.outbox import outbox_enqueue
from customers.language import customer_language
from customers.models import Customer
from loyalty.models import ExpiryReminder, LoyaltyAccount, PointsEntry
from loyalty.services.ledger import entry_write

# The day points expire as the reminder writes it: "1 July 2026", "1. juli 2026".
EXPIRY_DATE_PATTERNS = {"nb": "d. MMMM y", "en": "d MMMM y"}


def _months_before(at: datetime, months: int) -> datetime:
    years, month0 = divmod(at.month - 1 - months, 12)
    year, month = at.year + years, month0 + 1
    return at.replace(year=year, month=month, day=min(at.day, calendar.monthrange(year, month)[1]))


def points_expiry_cutoff(*, at: datetime) -> datetime:
    """Credits that happened before this moment have expired at `at`."""
    return _months_before(at, settings.LOYALTY_POINTS_EXPIRE_MONTHS)


def points_expire_on(*, occurred_at: datetime) -> datetime:
    """When points earned at `occurred_at` expire."""
    return _months_before(occurred_at, -settings.LOYALTY_POINTS_EXPIRE_MONTHS)


def credits_unspent(*, account: LoyaltyAccount, before: datetime) -> list[tuple[PointsEntry, int]]:
    """Credits that happened before `before`, oldest first, each with its points not yet used by any debit (FIFO)."""
    debits = -(PointsEntry.objects.filter(account=account, points__lt=0).aggregate(s=Sum("points"))["s"] or 0)
    rows, cumulative = [], 0
    for credit in PointsEntry.objects.filter(account=account, points__gt=0, occurred_at__lt=before).order_by(
        "occurred_at", "pk"
    ):
        cumulative += credit.points
        rows.append((credit, max(0, min(credit.points, cumulative - debits))))
    return rows


@transaction.atomic
def points_expire_for_account(*, account_id: int, at: datetime | None = None) -> int:
    """Expire what is left of this account's credits older than the cutoff; returns the points expired."""
    at = at or timezone.now()
    account = LoyaltyAccount.objects.select_for_update(of=("self",), no_key=True).get(pk=account_id)
    expired = 0
    for credit, rest in credits_unspent(account=account, before=points_expiry_cutoff(at=at)):
        if rest <= 0:
            continue
        _, created = entry_write(
            account=account,
            kind=PointsEntry.Kind.EXPIRE,
            points=-rest,
            key=f"expire:{credit.pk}",
            params={"earned_on": timezone.localdate(credit.occurred_at).isoformat()},
            source=credit,
            occurred_at=at,
        )
        expired += rest if created else 0
    return expired


def _accounts_with_points_and_credits(*, before: datetime, after: datetime | None = None):
    credits = PointsEntry.objects.filter(account=OuterRef("pk"), points__gt=0, occurred_at__lt=before)
    if after is not None:
        credits = credits.filter(occurred_at__gte=after, expiry_reminder__isnull=True)
    return (
        LoyaltyAccount.objects.filter(Exists(credits))
        .annotate(balance=Sum("entries__points"))
        .filter(balance__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def points_expire_due(*, at: datetime | None = None) -> int:
    """The nightly run: expire old points on every account that still has some; safe to run again."""
    at = at or timezone.now()
    ids = list(_accounts_with_points_and_credits(before=points_expiry_cutoff(at=at)))
    return sum(points_expire_for_account(account_id=pk, at=at) for pk in ids)


@transaction.atomic
def expiry_reminder_for_account(*, account_id: int, at: datetime | None = None) -> int:
    """Tell the customer once about the points that expire within the reminder window; returns those points."""
    at = at or timezone.now()
    account = (
        LoyaltyAccount.objects.select_for_update(of=("self",), no_key=True)
        .select_related("customer")
        .get(pk=account_id)
    )
    now_cutoff = points_expiry_cutoff(at=at)
    soon_cutoff = points_expiry_cutoff(at=at + timedelta(days=settings.LOYALTY_EXPIRY_REMINDER_DAYS))
    due = [
        (credit, rest)
        for credit, rest in credits_unspent(account=account, before=soon_cutoff)
        if rest > 0 and credit.occurred_at >= now_cutoff
    ]
    told = set(
        ExpiryReminder.objects.filter(entry__in=[credit for credit, _ in due]).values_list("entry_id", flat=True)
    )
    due = [(credit, rest) for credit, rest in due if credit.pk not in told]
    if not due:
        return 0
    ExpiryReminder.objects.bulk_create([ExpiryReminder(entry=credit) for credit, _ in due])
    points = sum(rest for _, rest in due)
    expiry_reminder_email(
        customer=account.customer,
        points=points,
        expires_at=points_expire_on(occurred_at=due[0][0].occurred_at),
        key=f"{account.pk}:{due[0][0].pk}",
    )
    return points


def expiry_reminders_send_due(*, at: datetime | None = None) -> int:
    """The nightly run: one reminder per customer for credits entering the window; returns the emails prepared."""
    at = at or timezone.now()
    before = points_expiry_cutoff(at=at + timedelta(days=settings.LOYALTY_EXPIRY_REMINDER_DAYS))
    ids = list(_accounts_with_points_and_credits(before=before, after=points_expiry_cutoff(at=at)))
    return sum(1 for pk in ids if expiry_reminder_for_account(account_id=pk, at=at))


def expiry_reminder_email(*, customer: Customer, points: int, expires_at: datetime, key: str) -> None:
    """The one place that sends the reminder: an outbox row written with the reminder records, sent once."""
    if not customer.email:
        return
    outbox_enqueue(
        key=f"loyalty-expiry-reminder:{key}",
        builder="loyalty.services.expiry.expiry_reminder_message",
        context={
            "customer_id": customer.pk,
            "points": points,
            "expires_on": timezone.localdate(expires_at).isoformat(),
        },
        language=customer_language(customer),
    )


def expiry_reminder_message(*, customer_id: int, points: int, expires_on: str) -> EmailMultiAlternatives | None:
    """Builds the reminder at send time (the outbox's builder)."""
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None or not customer.email:
        return None
    locale = babel_locale()
    context = {
        "customer": customer,
        "points": points,
        "points_text": number_format(points),
        "expires_on": format_date(
            date.fromisoformat(expires_on), EXPIRY_DATE_PATTERNS.get(locale.language, "d MMMM y"), locale=locale
        ),
        **shop_context(),
    }
    subject = ngettext(
        "%(points)s loyalty point expires on %(date)s", "%(points)s loyalty points expire on %(date)s", points
    ) % {"points": context["points_text"], "date": context["expires_on"]}
    body = render_to_string("loyalty/email/expiry_reminder.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [customer.email])
    message.attach_alternative(email_html_from_text(body=body, context=context), "text/html")
    return message
