"""Returns through /api/v1/returns/: any order, at any store, never more than was bought, money and points back."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from channels.services.devices import device_client_create
from inventory.models import StockLevel, StockMovement
from loyalty.models import PointsEntry
from orders.models import Order
from orders.services import order_transition
from payments.models import PaymentRefund
from payments.services import payment_intent_for_order, stripe_client
from pickup.checkout import checkout_place
from returns.models import Return
from tests.factories import LocationFactory, StaffFactory, api_token_key
from tests.orders.conftest import cart_with, online_order, open_every_day
from tests.payments.stripe_fake import card_pay, deliver, event, intent, stripe_on  # noqa: F401 (a fixture)

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
    assert PointsEntry.objects.get(key=f"order:{order.number}").points == 1147  # 1 point per krone
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
    # 499 of 1147.50 paid: 43% of the 1147 points earned, rounded down
    assert ret["points_reversed"] == 498
    assert sum(PointsEntry.objects.filter(account__customer=order.customer).values_list("points", flat=True)) == 649
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


@pytest.mark.usefixtures("stripe_on")
def test_a_card_refund_goes_to_stripe_once_per_return_and_a_replayed_charge_refunded_changes_nothing(
    client, shop, bergen, django_capture_on_commit_callbacks
):
    order = checkout_place(
        cart=cart_with([(shop["jacket"], 2), (shop["cap"], 1)]),
        email="kari@example.com",
        fulfilment="pickup",
        location=shop["store"],
        payment_method="card",
    )
    started = payment_intent_for_order(order=order)
    card_pay(started["id"])
    assert deliver(client, event("payment_intent.succeeded", intent(started["id"]))).status_code == 200
    order = Order.objects.get(pk=order.pk)
    for step in ("picking", "ready", "completed"):
        order = order_transition(order=order, to=step)

    api = till(bergen)
    with django_capture_on_commit_callbacks(execute=True):  # the refund is asked of Stripe after the commit
        first = api.post(
            "/api/v1/returns/", body(order, shop["cap"].sku, refund_method="card", key="k1"), format="json"
        )
    assert first.json()["refund_status"] == "pending"  # written with the return, answered after it committed
    again = api.post("/api/v1/returns/", body(order, shop["cap"].sku, refund_method="card", key="k1"), format="json")

    assert first.status_code == 201 and again.status_code == 200
    ret = Return.objects.get()
    [refund] = PaymentRefund.objects.filter(order=order)
    assert (refund.key, refund.amount) == (f"return:{ret.pk}", Decimal("149.50"))
    assert ret.refund_status == "refunded" and ret.refund_reference == refund.stripe_refund_id.strip()
    charge = stripe_client().v1.charges.retrieve(intent(started["id"])["latest_charge"]["id"]).to_dict()
    charge.update(amount_refunded=14950, currency="nok", payment_intent=started["id"])
    replay = event("charge.refunded", charge)
    for _ in range(2):
        assert deliver(client, replay).status_code == 200
    order.refresh_from_db()
    assert (order.payment_status, order.amount_refunded) == ("partially_refunded", Decimal("149.50"))
    assert PaymentRefund.objects.filter(order=order).count() == 1


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
