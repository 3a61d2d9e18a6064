"""Every email in the shop's one layout: its mark and colours, links to SHOP_URL, and a readable plain-text twin."""

import re

import pytest
from django.contrib.sites.models import Site

from channels.emails import receipt_email
from core.emails import email_render
from tests.factories import CustomerFactory, LocationFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

BRAND = "#0b5f59"


@pytest.fixture(autouse=True)
def shop_address(settings):
    settings.SHOP_URL = "https://shop.omnistore.no"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": "shop.omnistore.no", "name": "Omnistore"})
    Site.objects.clear_cache()


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(https?://[^"/]+)', html))


def test_an_email_with_its_own_html_is_drawn_in_the_shops_layout():
    order = OrderFactory(location=LocationFactory(name="Oslo Sentrum"), email="kari@example.com")
    OrderLineFactory(order=order, name="Rain jacket")
    message = receipt_email(order_id=order.pk)
    html = message.alternatives[0][0]
    assert BRAND in html and ">Omnistore</span>" in html
    assert _links(html) == {"https://shop.omnistore.no"}
    assert message.body.rstrip().endswith("-- \nhttps://shop.omnistore.no/")
    assert "<" not in message.body.replace("<M>", "")


def test_a_plain_text_email_gets_the_same_layout_around_its_words():
    customer = CustomerFactory(first_name="Kari", email="kari@example.com")
    context = {"customer": customer, "points": 100, "points_text": "100", "expires_on": "1 July 2026"}
    message = email_render(
        subject="Points", template="loyalty/email/expiry_reminder", context=context, to=[customer.email], html=False
    )
    html = message.alternatives[0][0]
    assert BRAND in html and "https://shop.omnistore.no/" in html
    assert "Hello Kari," in html and "100 of your Omnistore loyalty points expire on 1 July 2026." in html
    assert "-- " not in html  # the text's own footer is drawn by the layout instead
    assert "Hello Kari," in message.body and "&" not in message.body


def test_the_points_reminder_is_in_the_layout_too(settings):
    from loyalty.services.expiry import expiry_reminder_message

    customer = CustomerFactory(first_name="Kari", email="kari@example.com")
    message = expiry_reminder_message(customer_id=customer.pk, points=100, expires_on="2026-07-01")
    html = message.alternatives[0][0]
    assert BRAND in html and "Hello Kari," in html and "https://shop.omnistore.no/" in message.body
