"""Staff read the customer's timeline, the points entries and the Square connector's reasons in their own language
(the console's), whatever language the row was written in; rows written before the timeline kept its values are read
back into them by a migration, and what cannot be read back is shown as it was stored."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import translation

from customers.models import TimelineEvent
from customers.services import customer_set_consent, wishlist_add
from loyalty.models import PointsEntry
from loyalty.services import points_adjust, points_earn_for_purchase
from squarepos.models import SquareEvent
from tests.factories import (
    CustomerFactory,
    LoyaltyAccountFactory,
    PointsEntryFactory,
    StaffFactory,
    TimelineEventFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db

NB = {"HTTP_ACCEPT_LANGUAGE": "nb"}


@pytest.fixture
def kari(store):
    customer = CustomerFactory(first_name="Kari", email="kari@example.com", home_store=store)
    wishlist_add(customer=customer, variant=VariantFactory(product__name="Wool scarf", options={}), source="clerk")
    customer_set_consent(customer=customer, consent=True, channel="store", how="store", store=store.name)
    return customer


def test_the_clerk_reads_the_customers_timeline_in_norwegian(client, store, kari):
    client.force_login(StaffFactory(username="clara", role="clerk", location=store))

    norwegian = client.get(kari.get_absolute_url(), **NB).content.decode()
    english = client.get(kari.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Wool scarf lagt på ønskelisten" in norwegian
    assert "Markedsførings-e-post slått på (i butikk, Oslo Sentrum)" in norwegian
    assert "Marketing emails turned on (in store, Oslo Sentrum)" in english


def test_the_staff_console_shows_the_timeline_and_points_in_the_staff_members_language(admin_client, kari):
    points_earn_for_purchase(customer=kari, amount=Decimal("300"), key="order:S-1", channel="store", order_number="S-1")
    points_adjust(customer=kari, points=10, reason="Goodwill", key="adjust:t:2", actor="maria")

    customer_page = admin_client.get(f"/admin/customers/customer/{kari.pk}/change/", **NB).content.decode()
    entries = admin_client.get("/admin/loyalty/pointsentry/", **NB).content.decode()

    assert "Wool scarf lagt på ønskelisten" in customer_page and "to the wishlist" not in customer_page
    assert "Bestilling S-1" in entries and "Justert av maria: Goodwill" in entries
    assert "Adjusted by" not in entries


def test_a_square_reason_is_read_in_the_staff_members_language():
    event = SquareEvent.objects.create(
        event_id="ev-1",
        type="order.updated",
        payload={},
        status=SquareEvent.Status.ATTENTION,
        reason="Square location L1 is not linked to any of our stores.",
        reason_message="Square location %(location)s is not linked to any of our stores.",
        reason_params={"location": "L1"},
    )
    old = SquareEvent.objects.create(event_id="ev-2", type="order.updated", payload={}, reason="Written before")

    with translation.override("nb"):
        assert event.reason_display == "Square-lokasjonen L1 er ikke koblet til noen av butikkene våre."
        assert old.reason_display == "Written before"


def _migrate(app: str, name: str) -> None:
    importlib.import_module(f"{app}.migrations.{name}").forward(apps, None)


def test_old_timeline_sentences_are_read_back_into_their_values(store):
    customer = CustomerFactory()
    sentences = [
        "Profile created (Store)",
        "Marketing emails turned off (by maria in the staff console)",
        "Order W-100001 (Web shop): NOK 1,250.00",
        "Order S-7 (Store at Oslo Sentrum): 349,00\N{NO-BREAK SPACE}kr",
        "Order W-100001: ready for pickup (Ready for pickup)",
        "Profile 700000000017 (ola@example.com) merged in by admin; 2 orders moved; 250 points moved",
        "Return R-3 of order W-100001 at Oslo Sentrum: NOK 99.00",
        "Bought a lamp in Bergen",
    ]
    for sentence in sentences:
        TimelineEventFactory(customer=customer, summary=sentence, message="", params={})

    _migrate("customers", "0014_timeline_old_summaries")
    _migrate("orders", "0013_timeline_old_order_notes")  # the order notes inside them, as migrate runs it next

    events = {event.summary: event for event in TimelineEvent.objects.filter(customer=customer)}
    assert events["Order W-100001 (Web shop): NOK 1,250.00"].params == {
        "number": "W-100001",
        "channel": "web",
        "store": "",
        "total": "1250.00",
        "currency": "NOK",
    }
    assert events["Bought a lamp in Bergen"].message == ""
    with translation.override("nb"):
        texts = [events[sentence].text for sentence in sentences]
    assert texts == [
        "Profil opprettet (Butikk)",
        "Markedsførings-e-post slått av (av maria i ansattkonsollen)",
        "Bestilling W-100001 (Nettbutikk): 1\N{NO-BREAK SPACE}250,00\N{NO-BREAK SPACE}kr",
        "Bestilling S-7 (Butikk, Oslo Sentrum): 349,00\N{NO-BREAK SPACE}kr",
        "Bestilling W-100001: klar til henting (Klar til henting)",
        "Profil 700000000017 (ola@example.com) slått sammen med denne av admin; 2 bestillinger flyttet; 250 poeng flyttet",
        "Retur R-3 av bestilling W-100001 i Oslo Sentrum: 99,00\N{NO-BREAK SPACE}kr",
        "Bought a lamp in Bergen",
    ]


def test_old_points_descriptions_are_read_back_into_their_values():
    account = LoyaltyAccountFactory()
    PointsEntryFactory(account=account, kind="earn", points=100, order_number="W-1", description="Order W-1")
    PointsEntryFactory(account=account, kind="redeem", points=-100, description="Reward code AB12CD: 1.00 NOK off")
    PointsEntryFactory(account=account, kind="expire", points=-5, description="Expired: points of 3 Mar 2025")
    PointsEntryFactory(account=account, kind="adjust", points=3, description="Adjusted by maria: Goodwill")
    PointsEntryFactory(account=account, kind="adjust", points=2, description="Found in the drawer")

    _migrate("loyalty", "0005_points_entry_old_descriptions")

    with translation.override("nb"):
        texts = [entry.text for entry in PointsEntry.objects.filter(account=account).order_by("pk")]
    assert texts == [
        "Bestilling W-1",
        "Bonuskode AB12CD: 1,00\N{NO-BREAK SPACE}kr i avslag",
        "Utløpt: poeng fra 3. mars 2025",
        "Justert av maria: Goodwill",
        "Found in the drawer",
    ]
