"""The return receipt speaks the customer's language: Bokmål and kroner to a Norwegian customer, English to others."""

import pytest

from customers.services import customer_language_set
from tests.factories import LocationFactory
from tests.orders.conftest import online_order, open_every_day
from tests.returns.test_returns_api import body, till

pytestmark = pytest.mark.django_db


@pytest.fixture
def bergen(shop):
    return open_every_day(LocationFactory(code="BGO1", name="Bergen Bryggen"))


def _return_a_jacket(shop, store, capture, mailoutbox, *, language: str):
    """Kari returns one of her two 499.00 jackets at the Bergen store, for cash."""
    order = online_order(shop)
    customer_language_set(customer=order.customer, language=language)
    with capture(execute=True):
        response = till(store).post("/api/v1/returns/", body(order, shop["jacket"].sku), format="json")
    assert response.status_code == 201, response.json()
    [receipt] = [mail for mail in mailoutbox if order.number in mail.subject]
    return order, response.json(), receipt


def test_a_norwegian_customer_gets_the_return_receipt_in_norwegian_with_kroner(
    shop,
    bergen,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    order, ret, receipt = _return_a_jacket(shop, bergen, django_capture_on_commit_callbacks, mailoutbox, language="nb")

    assert receipt.subject == f"[Omnistore] Returen din {ret['number']} av bestilling {order.number}"
    assert "Vi har tatt imot returen din." in receipt.body
    assert f"av bestilling {order.number}, i Bergen Bryggen" in receipt.body
    assert "Tilbakebetaling: 499,00\xa0kr — Kontant i kassen: Utbetalt kontant." in receipt.body
    assert "498 poeng du fikk for disse varene er trukket tilbake." in receipt.body
    html = receipt.alternatives[0][0]
    assert "Dette har du returnert" in html and "499,00\xa0kr" in html and "NOK" not in html


def test_an_english_customer_gets_the_return_receipt_in_english(
    shop,
    bergen,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    order, ret, receipt = _return_a_jacket(shop, bergen, django_capture_on_commit_callbacks, mailoutbox, language="en")

    assert receipt.subject == f"[Omnistore] Your return {ret['number']} of order {order.number}"
    assert (
        "We took your return." in receipt.body
        and "Refund: NOK 499.00 — Cash at the till: Paid out in cash." in receipt.body
    )
    assert "498 points earned on these items were taken back." in receipt.body
