"""The till through /api/v1/pos/sales/ with real device tokens: one sale, once, at the till's own store."""

import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

from channels.models import DeviceClient
from channels.services.devices import device_client_create, device_client_revoke
from core.tokens import token_digest
from customers.models import Customer, TimelineEvent
from inventory.models import StockLevel, StockMovement
from loyalty.models import PointsEntry
from loyalty.services import points_record, reward_create
from orders.models import Order
from tests.factories import CustomerFactory, LocationFactory, StockLevelFactory, UserFactory, api_token_key

pytestmark = pytest.mark.django_db


def till(location, *scopes) -> APIClient:
    client = APIClient()
    _, key = device_client_create(name="Till 1", location=location, scopes=scopes or ["pos:sale"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def sale(shop, *, key="till1-0001", quantity=2, customer=None, **extra) -> dict:
    jacket = shop["jacket"]
    body = {
        "idempotency_key": key,
        "lines": [{"sku": jacket.sku, "quantity": quantity, "unit_price": "450.00"}],
        "payments": [{"method": "card", "amount": str(Decimal("450.00") * quantity)}],
        **extra,
    }
    if customer is not None:
        body["customer"] = customer
    return body


def on_hand(location, variant) -> int:
    return StockLevel.objects.get(location=location, variant=variant).on_hand


def test_issue_api_token_prints_the_key_alone_on_the_last_line_and_keeps_only_its_hash(shop):
    out = StringIO()
    call_command("issue_api_token", "--location", "OSL1", "--scope", "pos:sale", "pos:return", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    client = DeviceClient.objects.select_related("key").get()
    assert client.location == shop["store"] and client.key.scopes == ["pos:sale", "pos:return"]
    assert client.key.digest == token_digest(key) and key not in (client.key.prefix, client.key.digest)
    assert client.key.user is None and client.key.expires_at is None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.post("/api/v1/pos/sales/", sale(shop), format="json").status_code == 201


def test_issue_api_token_for_a_channel_refuses_an_unknown_scope(shop):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("issue_api_token", "--channel", "marketplace", "--scope", "everything")
    assert not DeviceClient.objects.exists()


def test_sale_with_a_new_phone_creates_the_customer_sells_stock_earns_points_and_emails_a_receipt(
    shop, ledger_ok, mailoutbox, django_capture_on_commit_callbacks
):
    api = till(shop["store"])
    identity = {"phone": "+47 912 34 567", "email": "Nora@Example.com"}
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/pos/sales/", sale(shop, customer=identity, consent=True), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    order = Order.objects.get(number=body["number"])
    assert (order.channel, order.fulfilment, order.status, order.location) == (
        "store",
        "in_store",
        "completed",
        shop["store"],
    )
    assert order.total == Decimal("900.00") and order.payment_status == "paid"
    customer = Customer.objects.get(phone="+4791234567")
    assert order.customer == customer and customer.email == "nora@example.com" and customer.marketing_consent
    assert on_hand(shop["store"], shop["jacket"]) == 3
    assert StockMovement.objects.filter(kind="sale", reference=order.number).count() == 1
    assert PointsEntry.objects.get(account__customer=customer).points == 900  # 1 point per krone
    assert TimelineEvent.objects.filter(customer=customer, kind="order_placed", channel="store").exists()
    [receipt] = mailoutbox
    assert receipt.to == ["nora@example.com"] and order.number in receipt.subject
    html = receipt.alternatives[0][0]
    assert "Oslo Sentrum" in html and "900.00" in html and "data:image/png;base64," in html
    ledger_ok()


def test_the_same_idempotency_key_again_returns_the_same_sale_and_changes_nothing(shop):
    api = till(shop["store"])
    first = api.post("/api/v1/pos/sales/", sale(shop, customer={"phone": "+4790000001"}), format="json")
    assert first.status_code == 201
    counts = (
        Order.objects.count(),
        StockMovement.objects.count(),
        PointsEntry.objects.count(),
        Customer.objects.count(),
    )
    again = api.post("/api/v1/pos/sales/", sale(shop, customer={"phone": "+4790000001"}), format="json")
    assert again.status_code == 200 and again.json()["number"] == first.json()["number"]
    assert (
        Order.objects.count(),
        StockMovement.objects.count(),
        PointsEntry.objects.count(),
        Customer.objects.count(),
    ) == counts
    assert on_hand(shop["store"], shop["jacket"]) == 3


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_the_same_key_at_once_make_one_sale(shop):
    _, key = device_client_create(name="Till 1", location=shop["store"], scopes=["pos:sale"])
    barrier, answers = threading.Barrier(2), []

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        barrier.wait()
        try:
            answers.append(
                client.post("/api/v1/pos/sales/", sale(shop, customer={"phone": "+4790000002"}), format="json")
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status_code for answer in answers) == [200, 201]
    assert len({answer.json()["number"] for answer in answers}) == 1
    assert Order.objects.filter(channel="store").count() == 1
    assert on_hand(shop["store"], shop["jacket"]) == 3
    assert Customer.objects.filter(phone="+4790000002").count() == 1


def test_a_till_of_store_a_cannot_sell_at_store_b(shop):
    LocationFactory(code="BGO1", name="Bergen")
    response = till(shop["store"]).post("/api/v1/pos/sales/", sale(shop, location="BGO1"), format="json")
    assert response.status_code == 403 and "BGO1" in response.json()["message"]
    assert not Order.objects.exists() and on_hand(shop["store"], shop["jacket"]) == 5


def test_selling_more_than_the_shelf_holds_is_409_naming_the_sku_and_writes_nothing(shop):
    response = till(shop["store"]).post("/api/v1/pos/sales/", sale(shop, quantity=6), format="json")
    assert response.status_code == 409
    assert response.json()["lines"][0]["sku"] == shop["jacket"].sku
    assert not Order.objects.exists() and on_hand(shop["store"], shop["jacket"]) == 5


def test_payments_that_do_not_add_up_are_refused(shop):
    body = sale(shop)
    body["payments"] = [{"method": "cash", "amount": "100.00"}]
    response = till(shop["store"]).post("/api/v1/pos/sales/", body, format="json")
    assert response.status_code == 400 and "add up" in response.json()["message"]
    assert not Order.objects.exists()


def test_a_token_without_the_scope_a_revoked_token_a_person_and_nobody_are_refused(shop):
    assert till(shop["store"], "stock:read").post("/api/v1/pos/sales/", sale(shop), format="json").status_code == 403
    client, key = device_client_create(name="Old till", location=shop["store"], scopes=["pos:sale"])
    device_client_revoke(client=client)
    revoked = APIClient()
    revoked.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert revoked.post("/api/v1/pos/sales/", sale(shop), format="json").status_code == 401
    person = APIClient()
    person.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(UserFactory(is_staff=True, is_superuser=True))}")
    assert person.post("/api/v1/pos/sales/", sale(shop), format="json").status_code == 403
    anonymous = APIClient().post("/api/v1/pos/sales/", sale(shop), format="json")
    assert anonymous.status_code == 401 and anonymous.json()["message"]
    assert not Order.objects.exists()


def test_bad_input_is_a_json_400_naming_the_field(shop):
    response = till(shop["store"]).post(
        "/api/v1/pos/sales/",
        {
            "idempotency_key": "k",
            "lines": [{"sku": "NOPE", "quantity": 1, "unit_price": "1"}],
            "payments": [{"method": "cash", "amount": "1"}],
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["unknown"] == ["NOPE"]
    response = till(shop["store"]).post("/api/v1/pos/sales/", {"lines": "x"}, format="json")
    assert response.status_code == 400 and "idempotency_key" in response.json()["fields"]


def test_a_till_with_stock_read_sees_its_shelf_and_the_other_stores_that_have_it(shop):
    bergen = LocationFactory(code="BGO1", name="Bergen")
    StockLevelFactory(location=bergen, variant=shop["jacket"], on_hand=4)
    api = till(shop["store"], "stock:read")
    rows = api.get("/api/v1/pos/stock/", {"sku": f"{shop['jacket'].sku},NOPE"}).json()
    assert rows == [
        {
            "sku": shop["jacket"].sku,
            "on_hand": 5,
            "available": 5,
            "other_stores": [{"location": "BGO1", "available": 4}],
        }
    ]
    assert till(shop["store"]).get("/api/v1/pos/stock/", {"sku": shop["jacket"].sku}).status_code == 403


def test_a_reward_code_pays_part_of_a_till_sale_once(shop):
    customer = CustomerFactory(phone="+4790000003")
    points_record(customer=customer, kind="earn", points=500, key="test:earlier")
    reward = reward_create(customer=customer, points=500)
    body = sale(shop, customer={"phone": "+4790000003"})
    cash = body["payments"][0]
    cash["amount"] = str(Decimal(cash["amount"]) - Decimal("5.00"))
    body["payments"].append({"method": "reward", "code": reward.code})

    response = till(shop["store"]).post("/api/v1/pos/sales/", body, format="json")

    assert response.status_code == 201, response.json()
    reward.refresh_from_db()
    assert reward.redeemed_order_number == response.json()["number"]
    again = {**body, "idempotency_key": "another-sale"}
    refused = till(shop["store"]).post("/api/v1/pos/sales/", again, format="json")
    assert refused.status_code == 400 and Order.objects.count() == 1


# A phone given at the till ends up on the profile


def test_a_phone_given_at_the_till_fills_the_card_holders_profile_in_the_stores_country(shop):
    stockholm = LocationFactory(code="STO1", name="Stockholm City", country="SE", timezone="Europe/Stockholm")
    StockLevelFactory(location=stockholm, variant=shop["jacket"], on_hand=5)
    member = CustomerFactory(phone=None)

    identity = {"card": member.card_number, "phone": "070-123 45 67"}
    response = till(stockholm).post("/api/v1/pos/sales/", sale(shop, customer=identity), format="json")

    assert response.status_code == 201, response.json()
    member.refresh_from_db()
    assert member.phone == "+46701234567"


def test_a_phone_given_at_the_till_never_replaces_the_one_on_the_profile(shop):
    member = CustomerFactory(phone="+4722334455")

    identity = {"card": member.card_number, "phone": "412 34 567"}
    response = till(shop["store"]).post("/api/v1/pos/sales/", sale(shop, customer=identity), format="json")

    assert response.status_code == 201, response.json()
    member.refresh_from_db()
    assert member.phone == "+4722334455"
