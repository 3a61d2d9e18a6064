"""The daily low-stock email: each store gets it once a day, in its morning, after commit."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.models import OutboxMessage
from core.outbox import outbox_drain
from inventory.models import StockLevel
from inventory.services import stock_receive
from replenishment.models import LowStockDigest
from replenishment.services import low_stock_digest_send, low_stock_digests_schedule
from replenishment.tasks import low_stock_digest_send_all
from tests.factories import LocationFactory, VariantFactory

pytestmark = pytest.mark.django_db

MORNING = datetime(2025, 6, 2, 7, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def low_store(db):
    store = LocationFactory(name="Oslo Sentrum", email="oslo@omnistore.example")
    variant = VariantFactory(sku="TEE-BLUE-M")
    stock_receive(location=store, variant=variant, quantity=2)
    StockLevel.objects.filter(location=store).update(reorder_point=5, reorder_quantity=12)
    return store


def test_digest_is_sent_once_per_day(low_store, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        low_stock_digests_schedule(now=MORNING)
    assert len(callbacks) == 2, "the store's send task, then the outbox dispatch of its email"
    with django_capture_on_commit_callbacks(execute=True):
        low_stock_digests_schedule(now=MORNING + timedelta(hours=1))
        low_stock_digests_schedule(now=MORNING + timedelta(hours=2))

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["oslo@omnistore.example"]
    assert "Low stock at Oslo Sentrum: 1 SKU to reorder" in mail.subject
    assert "TEE-BLUE-M" in mail.body and "suggested order: 12" in mail.body
    assert "TEE-BLUE-M" in mail.alternatives[0][0]
    assert LowStockDigest.objects.get().lines == 1


def test_next_day_gets_a_new_digest(low_store, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        low_stock_digests_schedule(now=MORNING)
        low_stock_digests_schedule(now=MORNING + timedelta(days=1))
    assert len(mailoutbox) == 2


def test_nothing_is_sent_before_the_store_morning(low_store, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert low_stock_digests_schedule(now=MORNING.replace(hour=3)) == []
    assert mailoutbox == []


def test_running_the_send_task_twice_sends_once(low_store, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert low_stock_digest_send(location_id=low_store.pk, day=MORNING.date()) is not None
        assert low_stock_digest_send(location_id=low_store.pk, day=MORNING.date()) is None
    assert len(mailoutbox) == 1


def test_store_without_low_stock_gets_no_email_but_the_day_is_done(mailoutbox):
    fine = LocationFactory(email="fine@omnistore.example")
    stock_receive(location=fine, variant=VariantFactory(), quantity=50)

    digest = low_stock_digest_send(location_id=fine.pk, day=MORNING.date())

    assert digest.lines == 0
    assert mailoutbox == []


def test_failed_send_is_retried_by_the_outbox_drain(
    low_store, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.replenishment.test_digest.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        low_stock_digest_send(location_id=low_store.pk, day=MORNING.date())
    message = OutboxMessage.objects.get(key__startswith="low-stock-digest:")
    assert message.sent_at is None and message.attempts == 1
    assert "SMTP server unreachable" in message.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_drain(now=timezone.now() + timedelta(hours=1)) == 1
    assert outbox_drain(now=timezone.now() + timedelta(days=1)) == 0
    assert len(mailoutbox) == 1
    assert LowStockDigest.objects.count() == 1


def _zone_where_it_is_morning_or_later() -> str:
    """A time zone where the store's local hour is now past the digest hour, whatever the test clock says."""
    now = timezone.now()
    for offset in range(-12, 15):
        name = f"Etc/GMT{-offset:+d}" if offset else "UTC"
        if 8 <= now.astimezone(ZoneInfo(name)).hour <= 22:
            return name
    raise AssertionError("unreachable: some zone is always in daytime")


def test_beat_task_schedules_every_store_with_an_email(low_store, mailoutbox, django_capture_on_commit_callbacks):
    LocationFactory(email="")  # no address: nothing to send to
    StockLevel.objects.update(reorder_point=5)
    type(low_store).objects.filter(pk=low_store.pk).update(timezone=_zone_where_it_is_morning_or_later())

    with django_capture_on_commit_callbacks(execute=True):
        assert low_stock_digest_send_all() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert low_stock_digest_send_all() == 0

    assert len(mailoutbox) == 1
    assert LowStockDigest.objects.get().location == low_store


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP server unreachable")
