"""A loyalty reward code at web and app checkout: redeemed with the order, once, and given back on cancel."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from loyalty.models import Reward
from loyalty.selectors import points_balance
from loyalty.services import points_record, reward_create
from orders.models import Order
from orders.services import order_cancel
from tests.customers.factories import shopper
from tests.factories import api_token_key

pytestmark = pytest.mark.django_db

PICKUP = {"fulfilment": "pickup", "location": "OSL1", "payment": "pay_at_pickup"}


@pytest.fixture
def kari(shop):
    user, customer = shopper("kari@example.com")
    points_record(customer=customer, kind="earn", points=1000, key="test:welcome")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    api.customer, api.user = customer, user
    return api


def _checkout(api, shop, **extra):
    api.post("/api/v1/me/cart/", {"sku": shop["jacket"].sku, "quantity": 1}, format="json")
    return api.post("/api/v1/me/checkout/", {**PICKUP, **extra}, format="json")


def test_a_reward_code_takes_its_value_off_the_order_and_is_used_up(kari, shop):
    reward = reward_create(customer=kari.customer, points=500)

    response = _checkout(kari, shop, reward_code=reward.code.lower())

    assert response.status_code == 201, response.json()
    assert response.json()["total"] == "494.00"  # 499.00 − 5.00 for 500 points
    order = Order.objects.get(number=response.json()["number"])
    assert (order.discount_total, order.reward_code) == (Decimal("5.00"), reward.code)
    reward.refresh_from_db()
    assert reward.redeemed_order_number == order.number
    assert points_balance(customer=kari.customer) == 500


def test_a_used_code_is_refused_with_a_400_naming_the_field_and_nothing_is_written(kari, shop):
    reward = reward_create(customer=kari.customer, points=100)
    assert _checkout(kari, shop, reward_code=reward.code).status_code == 201

    response = _checkout(kari, shop, reward_code=reward.code)

    assert response.status_code == 400
    assert response.json()["field"] == "reward_code"
    assert Order.objects.count() == 1
    assert kari.get("/api/v1/me/cart/").json()["lines"], "the cart is kept"


def test_someone_elses_or_a_made_up_code_is_refused(kari, shop):
    _, other = shopper("ola@example.com")
    points_record(customer=other, kind="earn", points=100, key="test:ola")
    theirs = reward_create(customer=other, points=100)

    for code in (theirs.code, "NOPE-1234"):
        response = _checkout(kari, shop, reward_code=code)
        assert response.status_code == 400 and response.json()["field"] == "reward_code"
    assert not Order.objects.exists()


def test_cancelling_the_order_gives_the_code_back(kari, shop):
    reward = reward_create(customer=kari.customer, points=100)
    order = Order.objects.get(number=_checkout(kari, shop, reward_code=reward.code).json()["number"])

    order_cancel(order=order)

    reward.refresh_from_db()
    assert reward.redeemed_at is None and reward.redeemed_order_number == ""


def test_the_checkout_page_takes_a_reward_code(client, shop, kari):
    reward = reward_create(customer=kari.customer, points=200)
    client.force_login(kari.user)
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "1"})

    response = client.post(
        "/checkout/", {"email": "kari@example.com", "name": "Kari", **PICKUP, "reward_code": reward.code}
    )

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.total == Decimal("147.50") and Reward.objects.get().redeemed_order_number == order.number


def test_a_bad_code_on_the_checkout_page_is_shown_next_to_the_field(client, shop, kari):
    client.force_login(kari.user)
    client.post("/cart/add/", {"sku": shop["cap"].sku, "quantity": "1"})

    response = client.post("/checkout/", {"email": "kari@example.com", "name": "Kari", **PICKUP, "reward_code": "X1"})

    assert response.status_code == 400
    assert "field-error" in response.content.decode() and not Order.objects.exists()
