"""Ten buyers race for the last two units through the real API, each in its own transaction and connection."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from inventory.models import Reservation, StockLevel
from orders.models import Order
from orders.services import cart_for_customer, cart_line_add
from tests.customers.factories import shopper
from tests.factories import LocationFactory, StockLevelFactory, VariantFactory
from tests.inventory.conftest import assert_ledger_consistent
from tests.orders.conftest import open_every_day

BUYERS = 10


@pytest.mark.django_db(transaction=True)
def test_ten_buyers_for_the_last_two_units_make_two_orders_and_eight_clear_409s():
    store = open_every_day(LocationFactory(code="OSL1"))
    lamp = VariantFactory(product__name="Brass lamp")
    StockLevelFactory(location=store, variant=lamp, on_hand=2)
    clients = []
    for n in range(BUYERS):
        user, customer = shopper(f"buyer{n}@example.com")
        cart_line_add(cart=cart_for_customer(customer=customer), variant=lamp, quantity=1)
        client = APIClient()
        client.force_authenticate(user)
        clients.append(client)

    barrier = threading.Barrier(BUYERS)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def buy(client):
        try:
            barrier.wait()
            response = client.post(
                "/api/v1/me/checkout/",
                {"fulfilment": "pickup", "location": "OSL1", "payment": "pay_at_pickup"},
                format="json",
            )
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in results)
    assert statuses == [201] * 2 + [409] * 8
    for status, body in results:
        if status == 409:
            assert body["error"] == "insufficient_stock" and body["message"].startswith("No longer available")
            assert body["lines"] == [{"sku": lamp.sku, "requested": 1, "available": 0}]
    assert Order.objects.count() == 2
    level = StockLevel.objects.get(location=store, variant=lamp)
    assert (level.on_hand, level.reserved) == (2, 2)
    assert Reservation.objects.filter(status="open").count() == 2
    assert_ledger_consistent()
