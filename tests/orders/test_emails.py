"""Order emails as the shopper reads them: the plain-text part shows names as written, the HTML part escapes them."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from channels.emails import receipt_email
from customers.language import customer_language
from orders.emails import order_confirmation_email
from orders.models import Order
from tests.factories import LocationFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


def test_the_receipt_in_plain_text_shows_store_and_item_names_as_written():
    order = OrderFactory(location=LocationFactory(name="Sport & Fritid"), email="kari@example.com")
    OrderLineFactory(order=order, name='Rain jacket "Fjord" <M>')

    message = receipt_email(order_id=order.pk)

    assert "Thank you for shopping at Sport & Fritid." in message.body
    assert 'Rain jacket "Fjord" <M>' in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body
    html = message.alternatives[0][0]
    assert "Sport &amp; Fritid" in html and "Rain jacket &quot;Fjord&quot; &lt;M&gt;" in html


def _norwegian_order(**kwargs):
    """An order of Kari's, who reads the shop in Norwegian: 2 × 1 749,45 kr."""
    order = OrderFactory(
        customer__language="nb",
        email="kari@example.com",
        name="Kari",
        total=Decimal("3498.90"),
        amount_paid=Decimal("3498.90"),
        placed_at=datetime(2026, 12, 5, 9, 0, tzinfo=UTC),
        **kwargs,
    )
    OrderLineFactory(order=order, name="Regnjakke", unit_price=Decimal("1749.45"), quantity=2)
    return order


def _in_customer_language(order, build):
    """As the outbox sends it: built with the customer's language active."""
    with translation.override(customer_language(order.customer)):
        return build(order_id=order.pk)


def test_a_norwegian_customer_gets_the_confirmation_in_norwegian_with_kroner():
    order = _norwegian_order(
        location=LocationFactory(name="Oslo Sentrum"), channel="web", fulfilment=Order.Fulfilment.PICKUP
    )

    message = _in_customer_language(order, order_confirmation_email)

    assert message.subject == f"[Omnistore] Bestilling {order.number} er bekreftet"
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "Takk for bestillingen, Kari!" in part and "Hentes i Oslo Sentrum" in part
        assert "3\xa0498,90\xa0kr" in part and "Åpningstider" in part and "Se bestillingen din" in part
    assert "Thank you" not in message.body and "NOK" not in message.body


def test_an_english_customer_gets_the_confirmation_in_english():
    order = _norwegian_order(location=LocationFactory(name="Oslo Sentrum"), fulfilment=Order.Fulfilment.PICKUP)
    order.customer.language = "en"
    order.customer.save()

    message = _in_customer_language(order, order_confirmation_email)

    assert message.subject == f"[Omnistore] Order {order.number} confirmed"
    assert "Thank you for your order, Kari!" in message.body and "Pick up at Oslo Sentrum" in message.body
    assert "Total: NOK 3,498.90" in message.body and "Takk" not in message.body


def test_a_norwegian_customer_gets_the_till_receipt_in_norwegian_with_kroner_and_a_norwegian_date():
    order = _norwegian_order(location=LocationFactory(name="Sport & Fritid"))

    message = _in_customer_language(order, receipt_email)

    assert message.subject == f"[Omnistore] Kvitteringen din {order.number}"
    assert "Takk for at du handlet hos Sport & Fritid." in message.body
    assert "lørdag 5. desember 2026 kl. 10:00" in message.body
    assert "Totalt: 3\xa0498,90\xa0kr" in message.body
    html = message.alternatives[0][0]
    assert "Dette har du kjøpt" in html and "Vare" in html and "3\xa0498,90\xa0kr" in html


def test_an_english_customer_gets_the_till_receipt_in_english():
    order = _norwegian_order(location=LocationFactory(name="Sport & Fritid"))
    order.customer.language = "en"
    order.customer.save()

    message = _in_customer_language(order, receipt_email)

    assert message.subject == f"[Omnistore] Your receipt {order.number}"
    assert "Saturday 5 December 2026, 10:00" in message.body and "Total: NOK 3,498.90" in message.body
    assert "What you bought" in message.alternatives[0][0]
