"""The notes the shop writes on an order's history ("Ready for pickup", "Not paid in time") are read in the reader's
language: on the customer's Activity page, on the clerk's customer page and on the staff console's order page. A note
typed by staff is shown as typed in every language; old notes are read back into their message by a migration."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from orders.models import Order, OrderEvent
from orders.services import order_cancel, order_note_add
from orders.services.status import orders_expire_unpaid
from pickup import services as pickup_services
from tests.customers.factories import shopper
from tests.factories import OrderFactory, StaffFactory
from tests.orders.conftest import cart_with, open_every_day, shop  # noqa: F401  (fixtures)
from tests.pickup.conftest import place

pytestmark = pytest.mark.django_db

NB = {"HTTP_ACCEPT_LANGUAGE": "nb"}
STAFF_NOTE = "Kari rang: wants it next week"


def text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def kari(shop):  # noqa: F811  (the imported fixture, requested by name)
    """Kari's pickup order collected at the counter, an unpaid one expired and one the staff cancelled with a note."""
    user, customer = shopper("kari@example.com")
    clerk = StaffFactory(username="clerk1", role="clerk", location=shop["store"])
    pickup = place(shop)
    pickup = pickup_services.pickup_start_picking(pickup=pickup, actor=clerk)
    pickup = pickup_services.pickup_mark_ready(pickup=pickup, actor=clerk)
    pickup_services.pickup_collect(pickup=pickup, actor=clerk, payment="cash")
    OrderFactory(
        number="W-900001",
        customer=customer,
        channel="web",
        status=Order.Status.PENDING,
        expires_at=timezone.now() - timedelta(minutes=5),
    )
    orders_expire_unpaid(now=timezone.now())
    typed = OrderFactory(number="W-900002", customer=customer, channel="web", status=Order.Status.PLACED)
    order_cancel(order=typed, actor=clerk, note=STAFF_NOTE)
    return user, customer, pickup.order


def _speaking(customer, language):
    customer.language = language
    customer.save(update_fields=["language"])


def test_a_norwegian_customer_reads_the_shops_notes_in_norwegian_on_the_activity_page(client, kari):
    user, customer, order = kari
    assert order.customer_id == customer.pk
    client.force_login(user)
    _speaking(customer, "nb")

    page = text(client.get(reverse("storefront:timeline")))

    assert f"Bestilling {order.number}: klar til henting (Klar til henting)" in page
    assert "(Hentet i disken)" in page and "(Plukking startet)" in page
    assert "Bestilling W-900001: utløpt (Ikke betalt i tide)" in page
    assert STAFF_NOTE in page
    assert "Ready for pickup" not in page and "Not paid in time" not in page and "Collected at" not in page


def test_an_english_customer_reads_the_same_notes_in_english(client, kari):
    user, customer, order = kari
    client.force_login(user)
    _speaking(customer, "en")

    page = text(client.get(reverse("storefront:timeline")))

    assert f"Order {order.number}: ready for pickup (Ready for pickup)" in page
    assert "(Collected at the counter)" in page and "Order W-900001: expired (Not paid in time)" in page
    assert STAFF_NOTE in page


def test_the_clerk_reads_the_notes_in_the_consoles_language(client, kari, shop):  # noqa: F811
    _, customer, _ = kari
    client.force_login(StaffFactory(username="clara", role="clerk", location=shop["store"]))

    norwegian = text(client.get(customer.get_absolute_url(), **NB))
    english = text(client.get(customer.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "(Klar til henting)" in norwegian and "(Ikke betalt i tide)" in norwegian and STAFF_NOTE in norwegian
    assert "Ready for pickup" not in norwegian
    assert "(Ready for pickup)" in english and STAFF_NOTE in english


def test_the_staff_consoles_order_history_shows_the_notes_in_the_staff_members_language(admin_client, kari):
    _, _, order = kari

    norwegian = text(admin_client.get(f"/admin/orders/order/{order.pk}/change/", **NB))
    english = text(admin_client.get(f"/admin/orders/order/{order.pk}/change/", HTTP_ACCEPT_LANGUAGE="en"))
    typed = text(admin_client.get(f"/admin/orders/order/{Order.objects.get(number='W-900002').pk}/change/", **NB))

    assert "Klar til henting" in norwegian and "Hentet i disken" in norwegian
    assert re.search(r"Betalt i disken \(kontant\): \d[\d\s ]*,\d\d\s?kr", norwegian)
    assert "Ready for pickup" not in norwegian and "Collected at the counter" not in norwegian
    assert "Ready for pickup" in english and re.search(r"Paid at the counter \(cash\): NOK.?\d", english)
    assert STAFF_NOTE in typed


def test_the_english_note_is_kept_on_the_row_for_search(kari):
    _, _, order = kari
    event = OrderEvent.objects.get(order=order, to_status=Order.Status.READY, message="ready_for_pickup")
    assert event.note == "Ready for pickup"
    with translation.override("nb"):
        assert event.note_text == "Klar til henting"


def test_old_notes_are_read_back_into_their_messages_and_others_stay_as_stored(store):
    order = OrderFactory(number="W-900003", location=store)
    stored = {
        "Ready for pickup": "Klar til henting",
        "Not paid in time": "Ikke betalt i tide",
        "Ordered at Oslo Sentrum by clerk1": "Bestilt i Oslo Sentrum av clerk1",
        "Sent to Oslo Sentrum": "Sendt til Oslo Sentrum",
        "Card payment received (499.00)": "Kortbetaling mottatt (499,00\N{NO-BREAK SPACE}kr)",
        "Placed (Web shop)": "Lagt inn (Nettbutikk)",
        "Paid at the counter (cash): NOK 1,250.00": "Betalt i disken (kontant): 1\N{NO-BREAK SPACE}250,00\N{NO-BREAK SPACE}kr",
        "Refunded in Square without returned items: NOK 99.00 (refund r1).": (
            "Refundert i Square uten returnerte varer: 99,00\N{NO-BREAK SPACE}kr (refusjon r1)."
        ),
        STAFF_NOTE: STAFF_NOTE,
        "Ready for pickup, shelf B": "Ready for pickup, shelf B",
    }
    events = OrderEvent.objects.bulk_create(
        OrderEvent(order=order, to_status=order.status, note=note) for note in stored
    )

    importlib.import_module("orders.migrations.0012_order_event_old_notes").forward(apps, None)

    with translation.override("nb"):
        shown = {event.note: OrderEvent.objects.get(pk=event.pk).note_text for event in events}
    assert shown == stored
    assert OrderEvent.objects.get(pk=events[0].pk).message == "ready_for_pickup"
    assert OrderEvent.objects.get(note=STAFF_NOTE).message == ""


def test_a_note_typed_by_staff_stays_as_typed_even_in_the_shops_own_words(store):
    order = OrderFactory(number="W-900004", location=store, status=Order.Status.PLACED)

    order_note_add(order=order, note="Ready for pickup")

    event = OrderEvent.objects.get(order=order)
    with translation.override("nb"):
        assert event.note_text == "Ready for pickup"
    assert event.message == ""


def test_the_desks_cancel_reason_reads_in_the_readers_language_with_the_reason_as_typed(shop):  # noqa: F811
    pickup = place(shop)

    pickup_services.pickup_cancel(pickup=pickup, reason="shopper changed her mind")

    event = OrderEvent.objects.get(order=pickup.order, to_status=Order.Status.CANCELLED)
    assert event.note == "Cancelled at the pickup desk: shopper changed her mind"
    with translation.override("nb"):
        assert event.note_text == "Kansellert i hentedisken: shopper changed her mind"


def test_old_timeline_entries_read_their_order_notes_in_the_readers_language(kari):
    from customers.models import TimelineEvent

    _, customer, order = kari
    old = TimelineEvent.objects.create(
        customer=customer,
        kind=TimelineEvent.Kind.ORDER_UPDATED,
        message="order_updated",
        params={"number": order.number, "status": "ready", "note": "Ready for pickup"},
        summary=f"Order {order.number}: ready (Ready for pickup)",
        occurred_at=timezone.now(),
    )

    importlib.import_module("orders.migrations.0013_timeline_old_order_notes").forward(apps, None)

    with translation.override("nb"):
        assert (
            TimelineEvent.objects.get(pk=old.pk).text
            == f"Bestilling {order.number}: klar til henting (Klar til henting)"
        )
