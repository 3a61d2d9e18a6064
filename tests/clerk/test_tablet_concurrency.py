"""Money at the counter under real concurrency: a double tap sells once; two clerks racing for the last unit make
one sale and one clear refusal."""

import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from clerk.models import Basket, TerminalPayment
from inventory.models import StockLevel
from inventory.services import stock_receive
from orders.models import Order
from tests.clerk.tablet_fixtures import tablet_shop
from tests.factories import StaffFactory, api_token_key
from tests.payments.stripe_fake import deliver, event, intent, stripe_on  # noqa: F401  (fixture)
from tests.payments.terminal_fake import card_presented

pytestmark = pytest.mark.django_db(transaction=True)


def _together(*posts):
    """Run each post in its own thread (own connection), started at the same moment; their responses in order."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def run(index, post):
        try:
            barrier.wait()
            responses[index] = post()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_double_tap_on_sell_sells_once():
    """Ten double taps, each answered with the sale twice: the second tap waits for the first and finds its order,
    even when the first has emptied the basket by the time the second reads it."""
    shop = tablet_shop()
    stock_receive(location=shop["oslo"], variant=shop["blue"], quantity=10, reason="delivery")
    client = _client(shop["clerk"])
    for _ in range(10):
        client.post("/clerk/basket/add/", {"variant": shop["blue"].pk})
        number = Basket.objects.get(user=shop["clerk"]).number
        data = {"number": number, "method": "card"}

        first, second = _together(*[lambda d=data: client.post("/clerk/basket/sell/", d)] * 2)

        assert [first.status_code, second.status_code] == [302, 302]
        assert first["Location"] == second["Location"]
        assert Order.objects.filter(number=number).count() == 1
    assert StockLevel.objects.get(location=shop["oslo"], variant=shop["blue"]).on_hand == 3


def test_two_clerks_selling_the_last_unit_make_one_sale_and_one_refusal():
    shop = tablet_shop()  # one scarf in Oslo
    clients = [_client(shop["clerk"]), _client(StaffFactory(username="cato", role="clerk", location=shop["oslo"]))]
    numbers = []
    for client in clients:
        client.post("/clerk/basket/add/", {"variant": shop["scarf"].pk})
    for user in ("clara", "cato"):
        numbers.append(Basket.objects.get(user__username=user).number)

    responses = _together(
        *(
            (lambda c=client, n=number: c.post("/clerk/basket/sell/", {"number": n, "method": "cash"}))
            for client, number in zip(clients, numbers, strict=True)
        )
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    refused = next(r for r in responses if r.status_code == 409).content.decode()
    assert "SCARF-1" in refused
    assert Order.objects.filter(number__in=numbers).count() == 1
    level = StockLevel.objects.get(location=shop["oslo"], variant=shop["scarf"])
    assert level.on_hand == 0


def test_two_posts_of_an_order_with_the_same_key_place_one_order():
    shop = tablet_shop()  # one scarf in Oslo: a second order for it would be refused for want of stock
    token = api_token_key(shop["clerk"])
    body = {
        "customer": {"email": "ola@example.com"},
        "lines": [{"sku": "SCARF-1", "quantity": 1}],
        "fulfilment": "pickup",
        "location": "OSL1",
        "payment": "pay_at_pickup",
    }

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="tab-42")

    first, second = _together(post, post)

    assert sorted([first.status_code, second.status_code]) == [200, 201], (first.content, second.content)
    assert first.json()["number"] == second.json()["number"]
    assert Order.objects.count() == 1


def test_the_webhook_and_the_waiting_page_at_the_same_moment_record_one_sale(stripe_on):  # noqa: F811
    shop = tablet_shop()
    shop["oslo"].terminal_reader_id = "tmr_race"
    shop["oslo"].save(update_fields=["terminal_reader_id"])
    client = _client(shop["clerk"])
    client.post("/clerk/basket/add/", {"variant": shop["blue"].pk})
    number = Basket.objects.get(user=shop["clerk"]).number
    client.post("/clerk/basket/sell/", {"number": number, "method": "card"})
    intent_id = TerminalPayment.objects.get(number=number).intent_id
    card_presented("tmr_race")
    paid = event("payment_intent.succeeded", intent(intent_id))

    hook, page = _together(lambda: deliver(Client(), paid), lambda: client.get(f"/clerk/basket/card/{number}/"))

    assert hook.status_code == 200 and page.status_code == 302
    assert Order.objects.filter(number=number).count() == 1
    assert StockLevel.objects.get(location=shop["oslo"], variant=shop["blue"]).on_hand == 2


def test_the_webhook_and_the_waiting_page_at_the_same_moment_pay_an_order_once(stripe_on):  # noqa: F811
    shop = tablet_shop()
    shop["oslo"].terminal_reader_id = "tmr_race_order"
    shop["oslo"].save(update_fields=["terminal_reader_id"])
    client = _client(shop["clerk"])
    client.post("/clerk/basket/add/", {"variant": shop["blue"].pk})
    client.post("/clerk/basket/customer/", {"email": "kari@example.com"})
    number = Basket.objects.get(user=shop["clerk"]).number
    data = {"number": number, "fulfilment": "pickup", "location": "BGO1", "payment": "card_present"}
    client.post("/clerk/basket/order/", data)
    intent_id = TerminalPayment.objects.get(number=number).intent_id
    card_presented("tmr_race_order")
    paid = event("payment_intent.succeeded", intent(intent_id))

    hook, page = _together(lambda: deliver(Client(), paid), lambda: client.get(f"/clerk/basket/card/{number}/"))

    assert hook.status_code == 200 and page.status_code == 302
    order = Order.objects.get(number=number)
    assert (order.status, order.payment_status, order.amount_paid) == ("placed", "paid", order.total)
    assert order.events.filter(note__startswith="Card payment received").count() == 1
    assert TerminalPayment.objects.get(number=number).status == "paid"
