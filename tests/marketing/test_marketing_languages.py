"""Offers speak the customer's language: Bokmål and kroner to a Norwegian customer, English to others."""

from decimal import Decimal

import pytest

from catalog.services import price_changes_record
from inventory.services import stock_receive
from marketing.services import wishlist_back_in_stock_run, wishlist_price_drop_run
from tests.factories import CustomerFactory, LocationFactory, VariantFactory, WishlistItemFactory
from tests.marketing.test_marketing import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def bergen(db):
    return LocationFactory(code="BGO1", name="Bergen Torget")


def _customer(bergen, language: str):
    return CustomerFactory(
        email="kari@example.com", first_name="Kari", marketing_consent=True, home_store=bergen, language=language
    )


def _price_drop(customer, mailoutbox, capture):
    """Sunglasses on Kari's wishlist go from 1 500.00 to 1 200.00."""
    glasses = VariantFactory(product__name="Solbriller", price=Decimal("1200.00"))
    WishlistItemFactory(customer=customer, variant=glasses)
    price_changes_record(changes=[(glasses.pk, Decimal("1500.00"), Decimal("1200.00"))])
    assert run(wishlist_price_drop_run, capture) == 1
    [mail] = mailoutbox
    return mail


def test_a_norwegian_customer_reads_a_price_drop_in_norwegian_with_kroner(
    bergen, mailoutbox, django_capture_on_commit_callbacks
):
    mail = _price_drop(_customer(bergen, "nb"), mailoutbox, django_capture_on_commit_callbacks)

    assert mail.subject == "[Omnistore] Solbriller på ønskelisten din er nå billigere"
    assert "Hei Kari, prisen har gått ned på noe du har lagret." in mail.body
    assert "før 1\xa0500,00\xa0kr, nå 1\xa0200,00\xa0kr" in mail.body and "Nå 20\xa0% billigere" in mail.body
    assert "Meld deg av med ett klikk:" in mail.body
    html = mail.alternatives[0][0]
    assert '<html lang="nb">' in html and "1\xa0200,00\xa0kr" in html and "Legg til i ønskelisten min" in html


def test_an_english_customer_reads_a_price_drop_in_english(bergen, mailoutbox, django_capture_on_commit_callbacks):
    mail = _price_drop(_customer(bergen, "en"), mailoutbox, django_capture_on_commit_callbacks)

    assert mail.subject == "[Omnistore] Solbriller on your wishlist is now cheaper"
    assert "Hi Kari, the price went down on something you saved." in mail.body
    assert "was NOK 1,500.00, now NOK 1,200.00" in mail.body and "Now 20% cheaper" in mail.body


def test_a_norwegian_customer_reads_back_in_stock_in_norwegian(bergen, mailoutbox, django_capture_on_commit_callbacks):
    customer = _customer(bergen, "nb")
    boots = VariantFactory(product__name="Vinterstøvler")
    WishlistItemFactory(customer=customer, variant=boots)
    assert run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks) == 0  # seen out of stock
    stock_receive(location=bergen, variant=boots, quantity=2, reason="delivery")
    assert run(wishlist_back_in_stock_run, django_capture_on_commit_callbacks) == 1

    [mail] = mailoutbox
    assert mail.subject == "[Omnistore] Vinterstøvler fra ønskelisten din er tilbake på lager"
    assert "Tilbake på lager" in mail.body and "På lager i Bergen Torget" in mail.body
