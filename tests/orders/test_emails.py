"""Order emails as the shopper reads them: the plain-text part shows names as written, the HTML part escapes them."""

import pytest

from orders.emails import receipt_email
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
