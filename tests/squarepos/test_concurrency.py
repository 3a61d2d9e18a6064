"""Square delivers at least once and out of order, sometimes at the same moment: still one sale per order."""

import threading

import pytest
from django.db import connection
from django.test import Client

from customers.models import Customer
from inventory.models import StockLevel
from loyalty.models import PointsEntry
from orders.models import Order
from squarepos.models import SquareEvent
from tests.squarepos.events import order_event, payment_event, post_event


@pytest.mark.django_db(transaction=True)
def test_the_same_event_and_others_about_one_order_at_the_same_moment_make_one_sale(linked, square, ledger_ok):
    variation = square.variation(linked["jacket"].sku)["id"]
    square_order = square.add_order(
        location_id="LOSL1",
        lines=[(variation, 2, 49900)],
        tenders=[("CARD", 99800)],
        customer={"email_address": "ola@example.com", "given_name": "Ola", "family_name": "Nordmann"},
    )
    same = order_event(square_order["id"])
    payloads = [
        same,
        same,
        same,
        payment_event(square_order["id"]),
        order_event(square_order["id"], kind="order.created"),
    ]
    barrier, answers = threading.Barrier(len(payloads)), []

    def deliver(payload):
        try:
            barrier.wait(timeout=10)
            answers.append(post_event(Client(), payload).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert answers == [200] * len(payloads)
    order = Order.objects.get(external_id=square_order["id"])
    assert StockLevel.objects.get(location=linked["store"], variant=linked["jacket"]).on_hand == 3
    assert Customer.objects.filter(email="ola@example.com").count() == 1
    assert order.customer.first_name == "Ola" and order.customer.last_name == "Nordmann"
    assert PointsEntry.objects.filter(account__customer=order.customer).count() == 1
    assert SquareEvent.objects.count() == 3
    assert set(SquareEvent.objects.values_list("status", flat=True)) == {"done"}
    ledger_ok()
