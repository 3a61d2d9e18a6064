"""Card payments through the stripe library against localstripe: intents, declines, refunds, voids, Stripe down."""

from decimal import Decimal

import pytest
import stripe
from rest_framework.test import APIClient

from core.models import OutboxMessage
from inventory.models import Reservation, StockLevel
from orders.models import CartLine, Order
from orders.services.status import order_payment_succeeded
from payments.exceptions import PaymentUnavailable, RefundRefused
from payments.models import PaymentRefund
from payments.services import (
    from_minor,
    payment_intent_for_order,
    payment_refund,
    stripe_client,
    to_minor,
)
from pickup.checkout import checkout_place
from tests.customers.factories import shopper
from tests.factories import api_token_key
from tests.orders.conftest import cart_with
from tests.payments.stripe_fake import (  # noqa: F401
    DECLINED,
    card_pay,
    closed_port_url,
    deliver,
    event,
    intent,
    stripe_on,  # noqa: F401
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_on")]


def card_order(shop, *, jackets=1, caps=0) -> Order:
    items = [(shop["jacket"], jackets)] + ([(shop["cap"], caps)] if caps else [])
    return checkout_place(
        cart=cart_with(items),
        email="kari@example.com",
        name="Kari Nordmann",
        fulfilment="pickup",
        location=shop["store"],
        payment_method=Order.PaymentMethod.CARD,
    )


def paid_order(client, shop, **kwargs) -> Order:
    """A card order paid at Stripe and confirmed by the succeeded webhook."""
    order = card_order(shop, **kwargs)
    started = payment_intent_for_order(order=order)
    card_pay(started["id"])
    assert deliver(client, event("payment_intent.succeeded", intent(started["id"]))).status_code == 200
    return Order.objects.get(pk=order.pk)


def test_minor_units_are_exact_both_ways():
    assert to_minor(Decimal("499.00"), "NOK") == 49900
    assert to_minor(Decimal("1500"), "JPY") == 1500
    assert from_minor(14950, "nok") == Decimal("149.50")
    with pytest.raises(ValueError):
        to_minor(Decimal("0.005"), "NOK")


def test_card_checkout_in_the_app_returns_the_intent_made_for_the_order(shop):
    user, _ = shopper("kari@example.com")
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    app.post("/api/v1/me/cart/", {"sku": shop["jacket"].sku, "quantity": 2}, format="json")

    response = app.post(
        "/api/v1/me/checkout/", {"fulfilment": "pickup", "location": "OSL1", "payment": "card"}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    order = Order.objects.get(number=body["number"])
    at_stripe = intent(body["payment"]["id"])
    assert body["payment"]["client_secret"] == at_stripe["client_secret"]
    assert (at_stripe["amount"], at_stripe["currency"]) == (99800, "nok")
    assert at_stripe["metadata"] == {"order_number": order.number}
    assert (order.status, order.stripe_payment_intent_id) == ("pending", at_stripe["id"])
    assert StockLevel.objects.get(location=shop["store"], variant=shop["jacket"]).reserved == 2
    assert not OutboxMessage.objects.exists()  # the confirmation waits for the money


def test_asking_again_for_the_intent_of_an_order_gives_the_same_one(shop):
    order = card_order(shop)
    first = payment_intent_for_order(order=order)
    again = payment_intent_for_order(order=Order.objects.get(pk=order.pk))
    assert again["id"] == first["id"]
    assert len(stripe_client().v1.payment_intents.list().data) == 1


def test_a_paid_card_order_is_placed_and_confirmed_once(client, shop):
    order = paid_order(client, shop, caps=1)
    assert (order.status, order.payment_status, order.amount_paid) == ("placed", "paid", Decimal("648.50"))
    assert OutboxMessage.objects.filter(key=f"order-confirmation:{order.pk}").count() == 1


def test_a_declined_card_leaves_the_order_waiting_with_its_units_held(client, shop):
    order = card_order(shop)
    started = payment_intent_for_order(order=order)
    with pytest.raises(stripe.CardError):
        card_pay(started["id"], DECLINED)

    response = deliver(client, event("payment_intent.payment_failed", intent(started["id"])))

    assert response.status_code == 200 and response.json()["outcome"] == "failed"
    order.refresh_from_db()
    assert (order.status, order.payment_status) == ("pending", "failed")
    assert Reservation.objects.filter(reference=order.number).exists()
    assert not OutboxMessage.objects.exists()


def test_refunds_are_idempotent_per_key_and_never_pass_what_was_paid(client, shop):
    order = paid_order(client, shop)

    first = payment_refund(order=order, amount=Decimal("100.00"), key="return-1")
    assert payment_refund(order=order, amount=Decimal("100.00"), key="return-1") == first
    with pytest.raises(RefundRefused, match="more than the 399.00"):
        payment_refund(order=order, amount=Decimal("400.00"), key="return-2")
    rest = payment_refund(order=order, key="return-3")
    with pytest.raises(RefundRefused, match="nothing left"):
        payment_refund(order=order, key="return-4")

    at_stripe = stripe_client().v1.refunds.list().data
    assert sorted((r.id, r.amount) for r in at_stripe) == sorted([(first, 10000), (rest, 39900)])
    assert list(PaymentRefund.objects.values_list("key", "amount")) == [
        ("return-1", Decimal("100.00")),
        ("return-3", Decimal("399.00")),
    ]
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("refunded", Decimal("499.00"))


def test_a_partial_refund_marks_the_order_partially_refunded(client, shop):
    order = paid_order(client, shop)
    payment_refund(order=order, amount=Decimal("0.50"), key="goodwill")
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("partially_refunded", Decimal("0.50"))


def test_stripe_unreachable_at_the_checkout_page_releases_everything_and_keeps_the_cart(client, shop, settings):
    settings.STRIPE_API_BASE = closed_port_url()
    client.post("/cart/add/", {"sku": shop["jacket"].sku, "quantity": "2"})

    response = client.post(
        "/checkout/",
        {"email": "guest@example.com", "name": "Ola", "fulfilment": "pickup", "location": "OSL1", "payment": "card"},
    )

    assert response.status_code == 503
    assert "could not reach the card payment service" in response.content.decode()
    order = Order.objects.get()
    assert order.status == "cancelled"
    assert not Reservation.objects.filter(reference=order.number, status=Reservation.Status.OPEN).exists()
    assert StockLevel.objects.get(location=shop["store"], variant=shop["jacket"]).reserved == 0
    assert list(CartLine.objects.values_list("variant_id", "quantity")) == [(shop["jacket"].pk, 2)]
    assert not OutboxMessage.objects.exists()


def test_stripe_unreachable_in_the_app_is_a_clear_error_and_nothing_stays_held(shop, settings):
    settings.STRIPE_API_BASE = closed_port_url()
    user, _ = shopper("kari@example.com")
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    app.post("/api/v1/me/cart/", {"sku": shop["cap"].sku, "quantity": 1}, format="json")

    response = app.post(
        "/api/v1/me/checkout/", {"fulfilment": "pickup", "location": "OSL1", "payment": "card"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"] == "payment_unavailable"
    assert not Order.objects.exclude(status="cancelled").exists()
    assert StockLevel.objects.get(location=shop["store"], variant=shop["cap"]).reserved == 0
    assert CartLine.objects.get().quantity == 1


def test_service_raises_payment_unavailable_when_stripe_is_down(shop, settings):
    settings.STRIPE_API_BASE = closed_port_url()
    order = card_order(shop)
    with pytest.raises(PaymentUnavailable):
        payment_intent_for_order(order=order)
    assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_without_keys_the_checkout_page_offers_no_card(client, shop, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "1"})
    page = client.get("/checkout/").content.decode()
    assert 'value="pay_at_pickup"' in page and 'value="card"' not in page


def test_the_confirmation_page_takes_the_card_then_shows_processing_then_paid(client, shop):
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "1"})
    checkout = client.get("/checkout/").content.decode()
    assert 'value="card"' in checkout

    response = client.post(
        "/checkout/",
        {"email": "guest@example.com", "name": "Ola", "fulfilment": "pickup", "location": "OSL1", "payment": "card"},
    )
    order = Order.objects.get()
    page = client.get(response["Location"]).content.decode()
    secret = intent(order.stripe_payment_intent_id)["client_secret"]
    assert f'data-secret="{secret}"' in page and 'data-key="pk_test_omnistore"' in page
    assert "https://js.stripe.com/v3/" in page

    card_pay(order.stripe_payment_intent_id)
    back = client.get(response["Location"], {"redirect_status": "succeeded"}).content.decode()
    assert "Payment processing" in back and "data-secret" not in back
    deliver(client, event("payment_intent.succeeded", intent(order.stripe_payment_intent_id)))
    assert "Paid: NOK 149.50" in client.get(response["Location"]).content.decode()


def test_the_confirmation_page_shows_an_authorised_card_order_as_paid(client, shop):
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "1"})
    response = client.post(
        "/checkout/",
        {"email": "guest@example.com", "name": "Ola", "fulfilment": "pickup", "location": "OSL1", "payment": "card"},
    )
    order = Order.objects.get()
    order_payment_succeeded(
        order=order, payment_intent_id=order.stripe_payment_intent_id, amount=order.total, authorized_only=True
    )

    page = client.get(response["Location"]).content.decode()
    assert "Paid: NOK 149.50" in page and "Not paid" not in page
