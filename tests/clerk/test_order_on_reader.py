"""An order placed for the customer and paid now by card on the store's reader: placed unpaid with its units held,
paid once when Stripe says so (the webhook or the waiting page), cancelled with its lines back in the basket when the
card is declined or the clerk cancels; a double tap makes one order and one PaymentIntent."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from clerk.models import Basket, TerminalPayment
from clerk.reader_orders import reader_orders_send_due
from inventory.models import StockLevel
from orders.models import Order
from orders.services.status import orders_expire_unpaid
from payments.services import stripe_client
from tests.clerk.tablet_fixtures import tablet_shop
from tests.factories import StaffFactory
from tests.payments.stripe_fake import closed_port_url, deliver, event, intent, stripe_on  # noqa: F401  (fixture)
from tests.payments.terminal_fake import DECLINED, card_presented

pytestmark = pytest.mark.django_db

READER = "tmr_oslo_orders"


@pytest.fixture
def shop(stripe_on):  # noqa: F811
    shop = tablet_shop()
    shop["oslo"].terminal_reader_id = READER
    shop["oslo"].save(update_fields=["terminal_reader_id"])
    return shop


@pytest.fixture
def clerk_client(client, shop):
    client.force_login(shop["clerk"])
    return client


def _basket(client, shop) -> str:
    """A jacket in the basket for Kari, who will pick it up in Bergen: the basket's number."""
    client.post("/clerk/basket/add/", {"variant": shop["blue"].pk})
    client.post("/clerk/basket/customer/", {"email": "kari@example.com"})
    return Basket.objects.get(user=shop["clerk"]).number


def _order(client, number: str):
    return client.post(
        "/clerk/basket/order/",
        {"number": number, "fulfilment": "pickup", "location": "BGO1", "payment": "card_present"},
    )


def _ordered(client, shop) -> TerminalPayment:
    number = _basket(client, shop)
    response = _order(client, number)
    assert response.status_code == 302 and response.url == f"/clerk/basket/card/{number}/"
    return TerminalPayment.objects.select_related("order").get(number=number)


def _held_in_bergen(shop) -> int:
    return StockLevel.objects.get(location=shop["bergen"], variant=shop["blue"]).reserved


def test_the_order_waits_unpaid_with_its_units_held_and_its_card_on_the_reader(clerk_client, shop):
    payment = _ordered(clerk_client, shop)

    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/")

    order = payment.order
    assert (payment.kind, order.status, order.payment_method, order.is_paid) == ("order", "pending", "card", False)
    assert order.stripe_payment_intent_id == payment.intent_id
    assert intent(payment.intent_id)["amount"] == 49900
    assert _held_in_bergen(shop) == 1
    html = page.content.decode()
    assert page.status_code == 200 and "Refresh" not in page
    assert f"Order {payment.number}" in html and "Check again" in html and "Cancel on the reader" in html
    basket = Basket.objects.get(user=shop["clerk"])
    assert basket.number != payment.number and not basket.lines.exists()


def test_the_signed_webhook_pays_the_order_once_and_the_page_says_so(clerk_client, shop, client):
    payment = _ordered(clerk_client, shop)
    card_presented(READER)
    paid = event("payment_intent.succeeded", intent(payment.intent_id))

    first = deliver(client, paid)
    again = deliver(client, event("payment_intent.succeeded", intent(payment.intent_id)))
    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/", follow=True).content.decode()

    assert first.json()["outcome"] == "paid" and again.json()["outcome"] == "already paid"
    order = Order.objects.get(number=payment.number)
    assert (order.status, order.payment_status, order.amount_paid) == ("placed", "paid", order.total)
    assert order.events.filter(note__startswith="Card payment received").count() == 1
    assert f"{payment.number}: NOK 499.00, paid by card." in page
    assert TerminalPayment.objects.get(pk=payment.pk).status == "paid"
    assert Order.objects.count() == 1 and _held_in_bergen(shop) == 1


def test_without_the_webhook_the_waiting_page_asks_stripe_and_pays_the_order(clerk_client, shop):
    payment = _ordered(clerk_client, shop)
    card_presented(READER)

    poll = clerk_client.get(f"/clerk/basket/card/{payment.number}/?poll=1").json()
    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/", follow=True).content.decode()

    assert poll == {"waiting": False, "message": ""}
    assert "paid by card" in page
    order = Order.objects.get(number=payment.number)
    assert order.is_paid and order.status == "placed"


def test_a_declined_card_cancels_the_order_and_puts_its_lines_back_in_the_basket(clerk_client, shop, client):
    payment = _ordered(clerk_client, shop)
    reader = card_presented(READER, number=DECLINED)

    outcome = deliver(client, event("terminal.reader.action_failed", reader)).json()["outcome"]
    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/", follow=True).content.decode()

    assert "cancelled" in outcome
    assert f"Order {payment.number} is cancelled and its lines are back in the basket" in page
    assert Order.objects.get(number=payment.number).status == "cancelled" and _held_in_bergen(shop) == 0
    cancelled = Order.objects.get(number=payment.number).events.order_by("pk").last()
    with translation.override("nb"):
        assert cancelled.note_text.startswith("Kortet ble ikke belastet på kortterminalen: ")
    basket = Basket.objects.get(user=shop["clerk"])
    assert basket.number != payment.number and basket.lines.get().quantity == 1
    assert basket.customer.email == "kari@example.com"
    # The clerk tries again under the basket's new number: a second order, the first stays cancelled.
    assert _order(clerk_client, basket.number).status_code == 302
    assert Order.objects.get(number=basket.number).status == "pending" and Order.objects.count() == 2


def test_cancel_on_the_reader_cancels_the_unpaid_order(clerk_client, shop):
    payment = _ordered(clerk_client, shop)

    page = clerk_client.post(f"/clerk/basket/card/{payment.number}/cancel/", follow=True).content.decode()

    assert "Cancelled on the reader." in page
    assert TerminalPayment.objects.get(pk=payment.pk).status == "failed"
    assert Order.objects.get(number=payment.number).status == "cancelled" and _held_in_bergen(shop) == 0
    assert Basket.objects.get(user=shop["clerk"]).lines.get().quantity == 1


def test_a_double_tap_makes_one_order_and_one_payment_intent(clerk_client, shop):
    number = _basket(clerk_client, shop)

    first, second = _order(clerk_client, number), _order(clerk_client, number)

    assert first.url == second.url == f"/clerk/basket/card/{number}/"
    assert Order.objects.count() == 1 and TerminalPayment.objects.count() == 1
    intents = stripe_client().v1.payment_intents.list().to_dict()["data"]
    assert [i["id"] for i in intents] == [TerminalPayment.objects.get().intent_id]


def test_a_send_that_failed_is_sent_again_by_beat(clerk_client, shop, settings):
    reachable, settings.STRIPE_API_BASE = settings.STRIPE_API_BASE, closed_port_url()
    payment = _ordered(clerk_client, shop)
    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/").content.decode()
    settings.STRIPE_API_BASE = reachable

    assert "The card reader could not be reached" in page and not payment.intent_id
    assert reader_orders_send_due(now=timezone.now()) == 0  # not yet: the page is still trying
    assert reader_orders_send_due(now=timezone.now() + timedelta(minutes=2)) == 1

    payment.refresh_from_db()
    assert payment.intent_id and not payment.message
    assert Order.objects.get(number=payment.number).stripe_payment_intent_id == payment.intent_id
    card_presented(READER)  # the reader holds it now
    assert intent(payment.intent_id)["status"] == "succeeded"


def test_a_clerk_of_another_store_cannot_see_or_cancel_the_card(clerk_client, shop, client):
    payment = _ordered(clerk_client, shop)
    client.force_login(StaffFactory(username="bo", role="clerk", location=shop["bergen"]))

    assert client.get(f"/clerk/basket/card/{payment.number}/").status_code == 404
    assert client.post(f"/clerk/basket/card/{payment.number}/cancel/").status_code == 404
    assert Order.objects.get(number=payment.number).status == "pending"


def test_an_order_that_expired_while_waiting_closes_its_card_and_refills_the_basket(clerk_client, shop):
    payment = _ordered(clerk_client, shop)
    order = payment.order
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    orders_expire_unpaid(now=timezone.now())

    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/", follow=True).content.decode()

    assert "The card was not paid (Expired)" in page
    assert TerminalPayment.objects.get(pk=payment.pk).status == "failed" and _held_in_bergen(shop) == 0
    assert Basket.objects.get(user=shop["clerk"]).lines.get().quantity == 1
