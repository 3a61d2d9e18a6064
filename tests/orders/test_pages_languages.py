"""Checkout and its confirmation speak the shopper's language: Bokmål and kroner for nb-NO, English otherwise."""

import re

import pytest

from inventory.services import StockLine, stock_sell
from orders.models import Order

pytestmark = pytest.mark.django_db

KRONER = re.compile(r"\d+,\d\d\xa0kr")
NOK_AMOUNT = re.compile(r"NOK\s?\d")


def _checkout(client, shop, language: str):
    """Two caps in the cart, then the checkout page and the placed order's confirmation, in `language`."""
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "2"}, HTTP_ACCEPT_LANGUAGE=language)
    checkout = client.get("/checkout/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    response = client.post(
        "/checkout/",
        {"email": "guest@example.com", "name": "Ola", "fulfilment": "pickup", "location": "OSL1"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400  # no way to pay chosen
    refused = response.content.decode()
    response = client.post(
        "/checkout/",
        {
            "email": "guest@example.com",
            "name": "Ola",
            "fulfilment": "pickup",
            "location": "OSL1",
            "payment": "pay_at_pickup",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302
    confirmation = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return checkout, refused, confirmation


def test_a_norwegian_shopper_checks_out_in_norwegian_with_kroner(client, shop):
    checkout, refused, confirmation = _checkout(client, shop, "nb-NO")

    assert "<h1>Kasse</h1>" in checkout and "Bestillingen din" in checkout and "Send bestilling" in checkout
    assert "Hvordan vil du ha varene?" in checkout and "Betal ved henting" in checkout and "Gateadresse" in checkout
    assert KRONER.search(checkout) and not NOK_AMOUNT.search(checkout)
    assert "Dette feltet er påkrevd." in refused  # Django's own message, in the shopper's language
    number = Order.objects.get().number
    assert "Takk for bestillingen" in confirmation and f'id="order-number">{number}</strong>' in confirmation
    assert "Bestillingsnummeret ditt er" in confirmation and "Hentes i Oslo Sentrum" in confirmation
    assert "Betal ved henting" in confirmation and "Totalt" in confirmation
    assert KRONER.search(confirmation) and not NOK_AMOUNT.search(confirmation)


def test_an_english_shopper_checks_out_in_english(client, shop):
    checkout, _, confirmation = _checkout(client, shop, "en")

    assert "<h1>Checkout</h1>" in checkout and "Place order" in checkout and "How do you want it?" in checkout
    assert NOK_AMOUNT.search(checkout) and NOK_AMOUNT.search(confirmation)
    assert "Thank you for your order" in confirmation and "Your order number is" in confirmation
    assert "Pick up at Oslo Sentrum" in confirmation and "Pay at pickup" in confirmation


def test_a_norwegian_shopper_reads_the_cart_and_its_refusals_in_norwegian(client, shop):
    added = client.post(
        "/cart/add/", {"sku": shop["cap"].sku, "quantity": "2"}, HTTP_ACCEPT_LANGUAGE="nb-NO", follow=True
    )
    cart = added.content.decode()
    assert "<h1>Handlekurven din</h1>" in cart and "ligger i handlekurven." in cart and "Gå til kassen" in cart
    assert KRONER.search(cart) and not NOK_AMOUNT.search(cart)

    refused = client.post(
        "/checkout/",
        {
            "email": "guest@example.com",
            "name": "Ola",
            "fulfilment": "ship",
            "address_line": "Storgata 1",
            "postal_code": "0155",
            "city": "Oslo",
            "payment": "pay_at_pickup",
        },
        HTTP_ACCEPT_LANGUAGE="nb-NO",
    )
    assert refused.status_code == 400
    assert "Betaling ved henting gjelder bare bestillinger som hentes i butikk." in refused.content.decode()
    assert not Order.objects.exists()


def test_an_english_shopper_reads_the_same_refusal_in_english(client, shop):
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "2"})
    refused = client.post(
        "/checkout/",
        {
            "email": "guest@example.com",
            "name": "Ola",
            "fulfilment": "ship",
            "address_line": "Storgata 1",
            "postal_code": "0155",
            "city": "Oslo",
            "payment": "pay_at_pickup",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Pay at pickup is only for orders picked up in a store." in refused.content.decode()


def test_a_norwegian_shopper_told_the_store_sold_out_reads_it_in_norwegian(client, shop):
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "4"}, HTTP_ACCEPT_LANGUAGE="nb-NO")
    stock_sell(location=shop["store"], lines=[StockLine(shop["cap"].pk, 3)], reference="S-1")  # sold at the till
    stock_sell(location=shop["warehouse"], lines=[StockLine(shop["cap"].pk, 20)], reference="S-2")  # and elsewhere

    refused = client.post(
        "/checkout/",
        {
            "email": "guest@example.com",
            "name": "Ola",
            "fulfilment": "pickup",
            "location": "OSL1",
            "payment": "pay_at_pickup",
        },
        HTTP_ACCEPT_LANGUAGE="nb-NO",
    )

    page = refused.content.decode()
    assert refused.status_code == 409
    assert f"Ikke lenger tilgjengelig i OSL1: {shop['cap'].sku} (du ba om 4, 2 tilgjengelig)." in page
    assert "Handlekurven din er uendret" in page and not Order.objects.exists()


def test_a_norwegian_shopper_with_a_wrong_reward_code_reads_why_in_norwegian(client, shop):
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "1"}, HTTP_ACCEPT_LANGUAGE="nb-NO")

    refused = client.post(
        "/checkout/",
        {
            "email": "guest@example.com",
            "name": "Ola",
            "fulfilment": "pickup",
            "location": "OSL1",
            "payment": "pay_at_pickup",
            "reward_code": "NOSUCHCODE",
        },
        HTTP_ACCEPT_LANGUAGE="nb-NO",
    )

    assert refused.status_code == 400
    assert "Det finnes ingen belønning med den koden." in refused.content.decode()
