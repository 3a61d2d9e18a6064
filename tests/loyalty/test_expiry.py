"""Old points expire first-in-first-out, once; the customer hears about it once, a month before."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from loyalty.models import PointsEntry
from loyalty.selectors import points_balance
from loyalty.services import expiry_reminders_send_due, points_expire_due, points_record
from loyalty.tasks import expiry_reminders_send_all, points_expire_all
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
Kind = PointsEntry.Kind
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def _earn(customer, points, when, key):
    return points_record(customer=customer, kind=Kind.EARN, points=points, key=key, occurred_at=when)[0]


def test_the_oldest_unspent_points_expire_first_and_a_rerun_adds_nothing(settings):
    settings.LOYALTY_POINTS_EXPIRE_MONTHS = 24
    kari = CustomerFactory()
    oldest = _earn(kari, 100, NOW - timedelta(days=31 * 30), "o1")
    older = _earn(kari, 50, NOW - timedelta(days=25 * 31), "o2")
    _earn(kari, 70, NOW - timedelta(days=30), "recent")
    points_record(customer=kari, kind=Kind.REDEEM, points=-120, key="reward:A")

    assert points_expire_due(at=NOW) == 30
    assert points_expire_due(at=NOW) == 0

    expired = PointsEntry.objects.filter(kind=Kind.EXPIRE)
    assert [(e.source_id, e.points, e.key) for e in expired] == [(older.pk, -30, f"expire:{older.pk}")]
    assert not expired.filter(source=oldest).exists()
    assert points_balance(customer=kari) == 70
    assert PointsEntry.objects.aggregate(total=Sum("points"))["total"] == 70


def test_exactly_at_the_cutoff_nothing_expires_yet(settings):
    settings.LOYALTY_POINTS_EXPIRE_MONTHS = 24
    kari = CustomerFactory()
    _earn(kari, 100, datetime(2024, 6, 15, 12, 0, tzinfo=ZoneInfo("Europe/Oslo")), "edge")
    assert points_expire_due(at=NOW) == 0
    assert points_expire_due(at=NOW + timedelta(seconds=1)) == 100
    assert points_balance(customer=kari) == 0


def test_the_reminder_goes_out_once_after_commit(settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.LOYALTY_POINTS_EXPIRE_MONTHS = 24
    kari = CustomerFactory(email="kari@example.com", first_name="Kari")
    ola = CustomerFactory(email="ola@example.com")
    _earn(kari, 80, datetime(2024, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo")), "soon")  # expires 1 July 2026
    _earn(kari, 20, datetime(2024, 7, 2, 10, 0, tzinfo=ZoneInfo("Europe/Oslo")), "soon2")
    _earn(ola, 60, datetime(2024, 9, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo")), "later")  # not within 30 days

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert expiry_reminders_send_due(at=NOW) == 1
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry_reminders_send_due(at=NOW + timedelta(days=1)) == 0

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["kari@example.com"]
    assert mail.subject == "100 loyalty points expire on 1 July 2026"
    assert "Hello Kari" in mail.body


def test_the_beat_tasks_run_the_services(settings):
    settings.CELERY_BEAT_SCHEDULE  # noqa: B018 (the schedule is configured)
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"loyalty.tasks.points_expire_all", "loyalty.tasks.expiry_reminders_send_all"} <= tasks
    kari = CustomerFactory()
    _earn(kari, 10, datetime(2020, 1, 1, tzinfo=ZoneInfo("UTC")), "ancient")
    assert points_expire_all() == 10
    assert expiry_reminders_send_all() == 0


def test_a_norwegian_customer_is_reminded_in_norwegian(settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.LOYALTY_POINTS_EXPIRE_MONTHS = 24
    kari = CustomerFactory(email="kari@example.com", first_name="Kari", language="nb")
    _earn(kari, 1200, datetime(2024, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo")), "soon")

    with django_capture_on_commit_callbacks(execute=True):
        assert expiry_reminders_send_due(at=NOW) == 1

    [mail] = mailoutbox
    assert mail.subject == "1\xa0200 bonuspoeng utløper 1. juli 2026"
    assert mail.body.startswith("Hei Kari,")
    assert "1\xa0200 av bonuspoengene dine hos Omnistore utløper 1. juli 2026." in mail.body
    assert "Gjør dem om til en belønningskode" in mail.body
