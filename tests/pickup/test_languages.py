"""Messages to a customer are written in the customer's language, not in the language of whoever sends them."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from django.utils import timezone, translation

from core.models import OutboxMessage
from customers.services import customer_language_set
from pickup import services
from pickup.emails import pickup_reminder_email, pickup_reminder_sms
from pickup.models import Pickup
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, clerk):
    client.force_login(clerk)
    return client


def mark_ready(desk, number: str, *, clerk_language: str, capture) -> None:
    """The clerk's console, in the clerk's language, as the after-commit work runs inside the request."""
    with translation.override(clerk_language), capture(execute=True):
        for step in ("picking", "ready"):
            response = desk.post(f"/clerk/pickups/{number}/{step}/", HTTP_ACCEPT_LANGUAGE=clerk_language)
            assert response.status_code == 302


def test_an_english_customer_gets_the_ready_notice_in_english_from_a_norwegian_clerk(
    desk, shop, mailoutbox, django_capture_on_commit_callbacks
):
    pickup = place(shop)
    customer_language_set(customer=pickup.order.customer, language="en")
    number = pickup.order.number

    mark_ready(desk, number, clerk_language="nb", capture=django_capture_on_commit_callbacks)

    [ready] = [m for m in mailoutbox if number in m.subject]
    assert ready.subject == f"[Omnistore] Order {number} is ready for pickup"
    assert OutboxMessage.objects.get(key=f"pickup-ready:{pickup.pk}").language == "en"
    assert OutboxMessage.objects.get(key=f"pickup-ready-sms:{pickup.pk}").language == "en"


def test_a_norwegian_customer_gets_the_ready_notice_in_norwegian_from_an_english_clerk(
    desk, shop, mailoutbox, django_capture_on_commit_callbacks
):
    pickup = place(shop)
    customer_language_set(customer=pickup.order.customer, language="nb")
    number = pickup.order.number

    mark_ready(desk, number, clerk_language="en", capture=django_capture_on_commit_callbacks)

    [ready] = [m for m in mailoutbox if number in m.subject]
    assert ready.subject == f"[Omnistore] Bestilling {number} er klar til henting"


def test_a_customer_who_never_chose_gets_the_shops_language(
    desk, shop, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "nb"
    pickup = place(shop)
    number = pickup.order.number
    assert pickup.order.customer.language == ""

    mark_ready(desk, number, clerk_language="en", capture=django_capture_on_commit_callbacks)

    [ready] = [m for m in mailoutbox if number in m.subject]
    assert ready.subject == f"[Omnistore] Bestilling {number} er klar til henting"


def _ready(shop, clerk, capture, *, language: str):
    """Kari's pay-at-pickup order of the 499.00 jacket, marked ready at the desk; she reads the shop in `language`."""
    pickup = place(shop)
    customer_language_set(customer=pickup.order.customer, language=language)
    with capture(execute=True):
        pickup = services.pickup_start_picking(pickup=pickup, actor=clerk)
        return services.pickup_mark_ready(pickup=pickup, actor=clerk)


def test_a_norwegian_customer_reads_the_ready_email_and_text_in_norwegian_with_kroner(
    shop, clerk, mailoutbox, _sms_outbox, django_capture_on_commit_callbacks
):
    pickup = _ready(shop, clerk, django_capture_on_commit_callbacks, language="nb")
    held = format_datetime(pickup.hold_until.astimezone(ZoneInfo("Europe/Oslo")), "EEEE d. MMMM", locale="nb")

    [ready] = [m for m in mailoutbox if pickup.order.number in m.subject]
    html = ready.alternatives[0][0]
    for part in (ready.body, html):
        assert "Hei Kari Nordmann," in part and "er klar til henting i" in part and "Hentekode:" in part
        assert "Du betaler 499,00\xa0kr i kassen" in part and f"Vi holder av varene til {held} kl. " in part
    assert "Hello" not in ready.body and "NOK" not in ready.body
    assert "mandag " in ready.body and "Monday" not in ready.body  # the store's opening hours
    [sms] = [s["body"] for s in _sms_outbox if pickup.code in s["body"]]
    assert f"bestilling {pickup.order.number} er klar til henting i" in sms and f"Hentekode {pickup.code}" in sms


def test_a_norwegian_customer_reads_the_reminder_and_the_expiry_in_norwegian(
    shop, clerk, mailoutbox, _sms_outbox, django_capture_on_commit_callbacks
):
    pickup = _ready(shop, clerk, django_capture_on_commit_callbacks, language="nb")
    number = pickup.order.number

    with translation.override("nb"):
        reminder = pickup_reminder_email(pickup_id=pickup.pk)
        reminder_sms = pickup_reminder_sms(pickup_id=pickup.pk)
    Pickup.objects.filter(pk=pickup.pk).update(hold_until=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.pickups_expire(now=timezone.now()) == [number]

    assert reminder.subject == f"[Omnistore] Påminnelse: bestilling {number} venter på deg"
    assert "venter fortsatt på deg" in reminder.body and "varene går tilbake i hyllen" in reminder.body
    assert f"bestilling {number} venter på deg i" in reminder_sms.body
    [expired] = [m for m in mailoutbox if m.subject == f"[Omnistore] Bestilling {number} ble ikke hentet"]
    assert "ble ikke hentet i" in expired.body and "Du har ikke blitt belastet." in expired.body


def test_an_english_customer_reads_the_ready_email_and_text_in_english(
    shop, clerk, mailoutbox, _sms_outbox, django_capture_on_commit_callbacks
):
    pickup = _ready(shop, clerk, django_capture_on_commit_callbacks, language="en")

    [ready] = [m for m in mailoutbox if pickup.order.number in m.subject]
    assert "Hello Kari Nordmann," in ready.body and "Pickup code: " in ready.body
    assert "You pay NOK 499.00 at the counter, in cash or by card." in ready.body
    [sms] = [s["body"] for s in _sms_outbox if pickup.code in s["body"]]
    assert f"Pickup code {pickup.code}. Held until " in sms
