"""Messages to a customer are written in the customer's language, not in the language of whoever sends them."""

import pytest
from django.utils import translation

from core.models import OutboxMessage
from customers.services import customer_language_set
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
