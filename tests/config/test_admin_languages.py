"""The staff console in the staff member's language: Norwegian words and money for a Norwegian browser, English
after the switch; the spreadsheets it hands out stay machine-readable in any language."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from core.outbox import email_enqueue, outbox_send
from inventory.services import StockLine, stock_sell
from tests.factories import LocationFactory, OrderFactory, StaffFactory, StockLevelFactory, VariantFactory

pytestmark = pytest.mark.django_db

NORWEGIAN = {"HTTP_ACCEPT_LANGUAGE": "nb-NO,nb;q=0.9"}


@pytest.fixture
def oslo():
    return LocationFactory(code="OSL1", name="Oslo Sentrum")


@pytest.fixture
def manager(client, oslo):
    user = StaffFactory(username="mona", role="store manager", location=oslo)
    client.force_login(user)
    return user


def test_the_front_page_reads_in_norwegian_with_norwegian_money(client, oslo, manager):
    OrderFactory(channel="store", location=oslo, total=Decimal("3498.90"))
    level = StockLevelFactory(location=oslo, variant=VariantFactory(price="100.00"), on_hand=3, reorder_point=2)
    stock_sell(location=oslo, lines=[StockLine(level.variant_id, 2)], reference="till-1")

    page = client.get("/admin/", **NORWEGIAN).content.decode()

    for text in ("Salg per kanal", "I disken og i hyllene", "Lav beholdning", "Alle butikker", "I dag, "):
        assert text in page, text
    assert "3\xa0498,90\xa0kr" in page
    assert "(bestilling: 300,00\xa0kr)" in page  # 2 + 2 − 1 = 3 at 100 kr
    assert "Sales by channel" not in page and "NOK" not in page


def test_the_outbox_and_the_order_list_read_in_norwegian(client, oslo):
    admin_user = StaffFactory(username="ada", role="admin", is_superuser=True, location=oslo)
    client.force_login(admin_user)
    sent = email_enqueue(
        key="order-confirmation:1",
        message=EmailMultiAlternatives("Takk for bestillingen", "…", to=["kari@example.com"]),
    )
    outbox_send(message_id=sent.pk)

    outbox = client.get(reverse("admin:core_outboxmessage_changelist"), **NORWEGIAN).content.decode()
    orders = client.get(reverse("admin:orders_order_changelist"), **NORWEGIAN).content.decode()

    assert "Ordrebekreftelse" in outbox and "Sendt " in outbox and "Emne" in outbox
    assert "Alle lokasjoner" in orders and "Søk på ordrenummer" in orders


def test_csv_exports_keep_dot_decimals_and_iso_dates_in_norwegian(client):
    admin_user = StaffFactory(username="ada", role="admin", is_superuser=True)
    client.force_login(admin_user)
    VariantFactory(sku="TEE-M", price="1249.50")

    response = client.get(reverse("admin:catalog_product_export"), **NORWEGIAN)

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["price"] for row in rows if row["sku"] == "TEE-M"] == ["1249.50"]
    filename = response["Content-Disposition"]
    assert filename.startswith('attachment; filename="catalog-20') and filename.count("-") == 3
