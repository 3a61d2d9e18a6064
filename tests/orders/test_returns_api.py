"""Returns through /api/v1/returns/: any order, at any store, never more than was bought, money and points back."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from inventory.models import StockLevel, StockMovement
from loyalty.models import PointsEntry
from orders.devices import device_client_create
from orders.models import Return
from orders.services import returns as returns_service
from tests.factories import LocationFactory, StaffFactory, api_token_key
from tests.orders.conftest import online_order, open_every_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def bergen(shop):
    return open_every_day(LocationFactory(code="BGO1", name="Bergen Bryggen"))


def till(location, *scopes) -> APIClient:
    client = APIClient()
    _, key = device_client_create(name="Till", location=location, scopes=scopes or ["pos:return"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def on_hand(location, variant) -> int:
    level = StockLevel.objects.filter(location=location, variant=variant).first()
    return level.on_hand if level else 0


def body(order, sku, quantity=1, **extra) -> dict:
    return {"order": order.number, "lines": [{"sku": sku, "quantity": quantity}], "refund_method": "cash", **extra}


def test_an_online_order_returned_in_another_store_goes_on_that_shelf_refunds_cash_and_reverses_points(
    shop, bergen, ledger_ok, mailoutbox, django_capture_on_commit_callbacks
):
    order = online_order(shop)
    assert PointsEntry.objects.get(key=f"order:{order.number}").points == 114
    with django_capture_on_commit_callbacks(execute=True):
        response = till(bergen).post("/api/v1/returns/", body(order, shop["jacket"].sku), format="json")
    assert response.status_code == 201, response.json()
    ret = response.json()
    assert (ret["location"], ret["channel"], ret["refund_amount"], ret["refund_status"]) == (
        "BGO1",
        "web",
        "499.00",
        "paid_cash",
    )
    assert on_hand(bergen, shop["jacket"]) == 1 and on_hand(shop["store"], shop["jacket"]) == 3
    # 499 of 1147.50 paid: 43% of the 114 points earned
    assert ret["points_reversed"] == 49
    assert sum(PointsEntry.objects.filter(account__customer=order.customer).values_list("points", flat=True)) == 65
    order.refresh_from_db()
    assert order.payment_status == "partially_refunded"
    [receipt] = [mail for mail in mailoutbox if "return" in mail.subject.lower()]
    assert receipt.to == ["kari@example.com"] and "Bergen Bryggen" in receipt.alternatives[0][0]
    ledger_ok()


def test_returning_more_than_was_bought_is_400_and_writes_nothing(shop, bergen):
    order = online_order(shop)
    api = till(bergen)
    assert api.post("/api/v1/returns/", body(order, shop["jacket"].sku, 1), format="json").status_code == 201
    before = (Return.objects.count(), StockMovement.objects.count(), PointsEntry.objects.count())
    response = api.post("/api/v1/returns/", body(order, shop["jacket"].sku, 2), format="json")
    assert response.status_code == 400
    assert "2 bought, 1 already returned" in response.json()["message"]
    assert (Return.objects.count(), StockMovement.objects.count(), PointsEntry.objects.count()) == before
    assert on_hand(bergen, shop["jacket"]) == 1


def test_a_token_without_pos_return_cannot_return(shop, bergen):
    order = online_order(shop)
    response = till(bergen, "pos:sale").post("/api/v1/returns/", body(order, shop["jacket"].sku), format="json")
    assert response.status_code == 403 and not Return.objects.exists()


def test_a_till_returns_only_at_its_own_store_and_a_clerk_only_at_theirs(shop, bergen):
    order = online_order(shop)
    elsewhere = till(bergen).post("/api/v1/returns/", body(order, shop["cap"].sku, location="OSL1"), format="json")
    assert elsewhere.status_code == 403
    clerk = APIClient()
    clerk.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(StaffFactory(location=bergen))}")
    assert (
        clerk.post("/api/v1/returns/", body(order, shop["cap"].sku, location="OSL1"), format="json").status_code == 403
    )
    response = clerk.post("/api/v1/returns/", body(order, shop["cap"].sku), format="json")
    assert response.status_code == 201 and response.json()["location"] == "BGO1"
    assert Return.objects.get().actor is not None


def test_damaged_units_come_back_and_are_written_off_in_the_ledger(shop, bergen, ledger_ok):
    order = online_order(shop)
    lines = [{"sku": shop["jacket"].sku, "quantity": 2, "condition": "damaged"}]
    response = till(bergen).post(
        "/api/v1/returns/", {"order": order.number, "lines": lines, "refund_method": "cash"}, format="json"
    )
    assert response.status_code == 201
    number = response.json()["number"]
    assert on_hand(bergen, shop["jacket"]) == 0
    kinds = StockMovement.objects.filter(stock_level__location=bergen, reference__startswith=number)
    assert sorted((m.kind, m.on_hand_delta) for m in kinds) == [("adjust", -2), ("return", 2)]
    ledger_ok()


def test_the_same_key_again_returns_the_same_return(shop, bergen):
    order = online_order(shop)
    api = till(bergen)
    first = api.post("/api/v1/returns/", body(order, shop["cap"].sku, key="till-r-1"), format="json")
    again = api.post("/api/v1/returns/", body(order, shop["cap"].sku, key="till-r-1"), format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"] and Return.objects.count() == 1
    assert on_hand(bergen, shop["cap"]) == 1


@pytest.mark.skipif(returns_service.payment_refund is not None, reason="the payments module refunds cards")
def test_a_card_refund_is_refused_clearly_while_card_refunds_are_not_available(shop, bergen):
    order = online_order(shop, card=True)
    response = till(bergen).post("/api/v1/returns/", body(order, shop["cap"].sku, refund_method="card"), format="json")
    assert response.status_code == 400 and "refund in cash" in response.json()["message"]
    assert not Return.objects.exists() and on_hand(bergen, shop["cap"]) == 0


def test_a_card_refund_goes_to_the_provider_once_per_return(shop, bergen, monkeypatch):
    """The card provider's refund is the payments module's; here its boundary records what it was asked."""
    calls = []

    class Refund:
        id = "re_test_1"

    def payment_refund(*, order, amount, key):
        calls.append((order.number, amount, key))
        return Refund()

    monkeypatch.setattr(returns_service, "payment_refund", payment_refund)
    order = online_order(shop, card=True)
    api = till(bergen)
    first = api.post("/api/v1/returns/", body(order, shop["cap"].sku, refund_method="card", key="k1"), format="json")
    again = api.post("/api/v1/returns/", body(order, shop["cap"].sku, refund_method="card", key="k1"), format="json")
    assert first.status_code == 201 and again.status_code == 200
    ret = Return.objects.get()
    assert calls == [(order.number, Decimal("149.50"), f"return:{ret.pk}")]
    assert (ret.refund_status, ret.refund_reference) == ("refunded", "re_test_1")


@pytest.mark.django_db(transaction=True)
def test_two_tills_returning_the_last_unit_at_once_take_it_back_once(shop, bergen):
    order = online_order(shop)
    keys = [device_client_create(name=f"Till {n}", location=bergen, scopes=["pos:return"])[1] for n in range(2)]
    barrier, answers = threading.Barrier(2), []

    def post(key):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        barrier.wait()
        try:
            answers.append(client.post("/api/v1/returns/", body(order, shop["cap"].sku), format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [201, 400]
    assert Return.objects.count() == 1 and on_hand(bergen, shop["cap"]) == 1
