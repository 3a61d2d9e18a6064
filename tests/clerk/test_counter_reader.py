"""Card on the store's Stripe Terminal reader at the counter: the sale is recorded only when Stripe says the card
paid (the webhook, or the waiting page asking), once; a decline or a cancel leaves the basket as it was."""

from decimal import Decimal

import pytest
from django.utils import translation

from clerk.models import Basket, TerminalPayment
from inventory.models import StockLevel
from orders.models import Order
from payments.models import PaymentRefund
from tests.clerk.tablet_fixtures import tablet_shop
from tests.factories import LocationFactory, StaffFactory
from tests.payments.stripe_fake import deliver, event, intent, stripe_on  # noqa: F401  (fixture)
from tests.payments.terminal_fake import DECLINED, card_presented

pytestmark = pytest.mark.django_db

READER = "tmr_oslo_counter"


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


def _card(client, shop) -> TerminalPayment:
    """A jacket in the basket, and "card": the clerk lands on the waiting page."""
    client.post("/clerk/basket/add/", {"variant": shop["blue"].pk})
    number = Basket.objects.get(user=shop["clerk"]).number
    response = client.post("/clerk/basket/sell/", {"number": number, "method": "card"})
    assert response.status_code == 302 and response.url == f"/clerk/basket/card/{number}/"
    return TerminalPayment.objects.get(number=number)


def _on_shelf(shop) -> int:
    return StockLevel.objects.get(location=shop["oslo"], variant=shop["blue"]).on_hand


def test_card_waits_on_a_page_with_a_check_again_button_and_sells_nothing_yet(clerk_client, shop):
    payment = _card(clerk_client, shop)

    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Refresh" not in page  # no timed reload: the page's script asks, and says so in its status region
    assert 'role="status"' in html and f'data-poll-url="/clerk/basket/card/{payment.number}/?poll=1"' in html
    assert "Waiting for the card" in html and "Check again" in html and "Cancel on the reader" in html
    assert clerk_client.get(f"/clerk/basket/card/{payment.number}/?poll=1").json() == {"waiting": True, "message": ""}
    assert intent(payment.intent_id)["amount"] == 49900
    assert not Order.objects.filter(number=payment.number).exists() and _on_shelf(shop) == 3


def test_the_webhook_records_the_sale_once_and_the_page_says_it_is_paid(clerk_client, shop, client):
    payment = _card(clerk_client, shop)
    card_presented(READER)
    paid = event("payment_intent.succeeded", intent(payment.intent_id))

    first = deliver(client, paid)
    second = deliver(client, paid)
    again = deliver(client, event("payment_intent.succeeded", intent(payment.intent_id)))

    assert "recorded" in first.json()["outcome"] and second.json()["outcome"] == "duplicate"
    assert again.status_code == 200
    order = Order.objects.get(number=payment.number)
    assert (order.status, order.payment_method, order.stripe_payment_intent_id) == (
        "completed",
        "card_present",
        payment.intent_id,
    )
    assert Order.objects.count() == 1 and _on_shelf(shop) == 2
    basket = Basket.objects.get(user=shop["clerk"])
    assert basket.number != payment.number and not basket.lines.exists()
    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/", follow=True).content.decode()
    assert f"{payment.number}: NOK 499.00, paid by card." in page


def test_without_the_webhook_the_waiting_page_asks_stripe_and_records_the_sale(clerk_client, shop):
    payment = _card(clerk_client, shop)
    card_presented(READER)

    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/", follow=True)

    assert "paid by card" in page.content.decode()
    assert Order.objects.get(number=payment.number).stripe_payment_intent_id == payment.intent_id


def test_a_declined_card_leaves_the_basket_as_it_was(clerk_client, shop, client):
    payment = _card(clerk_client, shop)
    reader = card_presented(READER, number=DECLINED)

    outcome = deliver(client, event("terminal.reader.action_failed", reader)).json()["outcome"]
    page = clerk_client.get(f"/clerk/basket/card/{payment.number}/", follow=True).content.decode()

    assert "failed" in outcome
    assert "The card was not paid (Your card was declined.)" in page
    basket = Basket.objects.get(user=shop["clerk"])
    assert basket.number == payment.number and basket.lines.get().quantity == 1
    assert not Order.objects.exists() and _on_shelf(shop) == 3
    # The clerk tries again: the reader asks for a card anew.
    retry = clerk_client.post("/clerk/basket/sell/", {"number": payment.number, "method": "card"})
    assert retry.status_code == 302
    assert TerminalPayment.objects.get(number=payment.number).status == "waiting"


def test_cancel_on_the_reader_leaves_the_basket_as_it_was(clerk_client, shop):
    payment = _card(clerk_client, shop)

    page = clerk_client.post(f"/clerk/basket/card/{payment.number}/cancel/", follow=True).content.decode()

    assert "Cancelled on the reader." in page
    assert TerminalPayment.objects.get(pk=payment.pk).status == "failed"
    assert Basket.objects.get(user=shop["clerk"]).lines.get().quantity == 1
    assert not Order.objects.exists()


def test_a_return_of_a_reader_sale_is_refunded_through_stripe(
    clerk_client, shop, client, django_capture_on_commit_callbacks
):
    payment = _card(clerk_client, shop)
    card_presented(READER)
    deliver(client, event("payment_intent.succeeded", intent(payment.intent_id)))
    order = Order.objects.get(number=payment.number)
    line = order.lines.get()

    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(f"/clerk/returns/{order.number}/", {f"qty-{line.pk}": "1", "refund_method": "card"})

    [refund] = PaymentRefund.objects.filter(order=order)
    assert (refund.method, refund.amount) == ("card", Decimal("499.00"))
    assert refund.stripe_refund_id.startswith("re_")


def test_someone_elses_card_payment_is_not_found(clerk_client, shop, client):
    payment = _card(clerk_client, shop)
    client.force_login(StaffFactory(username="bo", role="clerk", location=shop["bergen"]))

    assert client.get(f"/clerk/basket/card/{payment.number}/").status_code == 404


def test_the_stores_reader_is_set_in_the_location_admin(admin_client):
    location = LocationFactory(code="RDR1")
    data = {
        "code": "RDR1",
        "name": location.name,
        "kind": "store",
        "is_active": "on",
        "country": "NO",
        "timezone": "Europe/Oslo",
        "pickup_lead_minutes": "120",
        "default_online_buffer": "0",
        "terminal_reader_id": "tmr_FDOt2wlRZEdpd7",
        "opening_hours-TOTAL_FORMS": "0",
        "opening_hours-INITIAL_FORMS": "0",
    }

    page = admin_client.get(f"/admin/inventory/location/{location.pk}/change/").content.decode()
    response = admin_client.post(f"/admin/inventory/location/{location.pk}/change/", data)

    assert 'name="terminal_reader_id"' in page and "Card reader" in page
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.terminal_reader_id == "tmr_FDOt2wlRZEdpd7"


def test_a_card_that_pays_after_the_cancel_still_records_the_sale(clerk_client, shop, client):
    payment = _card(clerk_client, shop)
    card_presented(READER)  # the customer tapped just as the clerk cancelled; Stripe's event comes after
    paid = event("payment_intent.succeeded", intent(payment.intent_id))
    TerminalPayment.objects.filter(pk=payment.pk).update(status="failed", message="Cancelled on the reader.")

    outcome = deliver(client, paid).json()["outcome"]

    assert "recorded" in outcome
    assert Order.objects.get(number=payment.number).stripe_payment_intent_id == payment.intent_id


def test_a_card_paid_after_the_sale_was_taken_in_cash_is_noted_for_a_refund_in_the_readers_language(
    clerk_client, shop, client
):
    payment = _card(clerk_client, shop)
    cash = clerk_client.post("/clerk/basket/sell/", {"number": payment.number, "method": "cash", "cash_given": "500"})
    assert cash.status_code == 302 and Order.objects.get(number=payment.number).payment_method == "cash"
    card_presented(READER)

    deliver(client, event("payment_intent.succeeded", intent(payment.intent_id)))

    note = Order.objects.get(number=payment.number).events.order_by("pk").last()
    assert note.note.startswith(f"Card payment {payment.intent_id} (") and note.note.endswith("refund it in Stripe.")
    with translation.override("nb"):
        assert note.note_text.startswith(f"Kortbetaling {payment.intent_id} (")
