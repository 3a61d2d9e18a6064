"""Money at the counter under real concurrency: a double tap sells once; two clerks racing for the last unit make
one sale and one clear refusal."""

import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from clerk.models import Basket
from inventory.models import StockLevel
from orders.models import Order
from tests.clerk.tablet_fixtures import tablet_shop
from tests.factories import StaffFactory, api_token_key

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
    shop = tablet_shop()
    client = _client(shop["clerk"])
    client.post("/clerk/basket/add/", {"variant": shop["blue"].pk})
    number = Basket.objects.get(user=shop["clerk"]).number
    data = {"number": number, "method": "card"}

    first, second = _together(
        lambda: client.post("/clerk/basket/sell/", data), lambda: client.post("/clerk/basket/sell/", data)
    )

    assert {first.status_code, second.status_code} == {302}
    assert Order.objects.filter(number=number).count() == 1
    assert StockLevel.objects.get(location=shop["oslo"], variant=shop["blue"]).on_hand == 2


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
