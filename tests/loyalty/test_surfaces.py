"""The card everywhere: the account page, /api/v1/me/loyalty/, the clerk console and the admin show one balance."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from rest_framework.test import APIClient

from customers.models import Channel
from loyalty.models import LoyaltyAccount, PointsEntry, Reward
from loyalty.selectors import points_balance
from loyalty.services import points_earn_for_purchase, points_record
from tests.customers.factories import shopper
from tests.factories import CustomerFactory, StaffFactory, api_token_key

pytestmark = pytest.mark.django_db
API = "/api/v1/me/loyalty/"


@pytest.fixture
def app():
    """The mobile app: token-authenticated as shopper Kari."""
    user, customer = shopper("kari@example.com")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    client.customer, client.user = customer, user
    return client


def _entries(customer, count, start=0):
    for i in range(start, start + count):
        points_earn_for_purchase(
            customer=customer, amount=Decimal("10"), key=f"order:S-{i}", channel=Channel.STORE, order_number=f"S-{i}"
        )


def test_a_sale_on_each_channel_shows_in_the_next_api_request(app, store):
    assert app.get(API).json()["balance"] == 0
    points_earn_for_purchase(
        customer=app.customer, amount=Decimal("120"), key="order:S-1", channel=Channel.STORE, location_code=store.code
    )
    points_earn_for_purchase(customer=app.customer, amount=Decimal("80"), key="order:W-2", channel=Channel.WEB)
    points_earn_for_purchase(customer=app.customer, amount=Decimal("50"), key="order:M-3", channel=Channel.MARKETPLACE)
    # Replays of the three completions credit nothing.
    points_earn_for_purchase(customer=app.customer, amount=Decimal("80"), key="order:W-2", channel=Channel.WEB)

    body = app.get(API).json()

    assert body["balance"] == 250
    assert body["worth"] == "2.00"
    assert body["tier"]["name"] == "Member" and body["tier"]["next_name"] == "Silver"
    assert [e["channel"] for e in body["entries"]] == ["marketplace", "web", "store"]
    assert body["entries"][2]["location_name"] == "Oslo Sentrum"
    assert body["entries_count"] == 3


def test_the_api_turns_points_into_a_code(app):
    points_record(customer=app.customer, kind=PointsEntry.Kind.EARN, points=350, key="order:S-1")

    response = app.post(f"{API}rewards/", {"points": 300}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["value"] == "3.00" and len(body["code"]) == 10 and body["expires_at"]
    assert app.get(API).json()["balance"] == 50
    assert app.get(API).json()["rewards"][0]["code"] == body["code"]


@pytest.mark.parametrize("points", [150, 400, "lots"])
def test_a_wrong_or_too_large_number_of_points_is_a_400(app, points):
    points_record(customer=app.customer, kind=PointsEntry.Kind.EARN, points=350, key="order:S-1")
    response = app.post(f"{API}rewards/", {"points": points}, format="json")
    assert response.status_code == 400
    assert "message" in response.json() or "points" in response.json()
    assert points_balance(customer=app.customer) == 350


def test_the_api_runs_a_constant_number_of_queries(app, django_assert_max_num_queries):
    _entries(app.customer, 2)
    with django_assert_max_num_queries(50) as small:
        app.get(API)
    _entries(app.customer, 120, start=10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = app.get(API).json()
    assert len(body["entries"]) == 50 and body["pages"] == 3
    assert app.get(f"{API}?page=3").json()["entries"][-1]["order_number"] == "S-0"


def test_the_account_page_shows_tier_worth_and_history(client, store, django_assert_max_num_queries):
    user, customer = shopper("ola@example.com")
    client.force_login(user)
    points_earn_for_purchase(
        customer=customer,
        amount=Decimal("499"),
        key="order:S-1",
        channel=Channel.STORE,
        location_code=store.code,
        order_number="S-1",
    )
    with django_assert_max_num_queries(50) as small:
        page = client.get(reverse("storefront:loyalty")).content.decode()
    assert "<strong>499</strong> points" in page
    assert "Worth <strong>NOK 4.00</strong>" in page
    assert "Tier: <strong>Member</strong>" in page
    assert "Oslo Sentrum" in page and "Order S-1" in page

    _entries(customer, 60, start=10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("storefront:loyalty")).content.decode()
    assert "Page 1 of 3" in page


def test_the_account_page_makes_a_reward_code(client):
    user, customer = shopper("ola@example.com")
    client.force_login(user)
    points_record(customer=customer, kind=PointsEntry.Kind.EARN, points=250, key="order:S-1")

    response = client.post(reverse("storefront:loyalty"), {"points": "200"}, follow=True)

    code = Reward.objects.get(customer=customer).code
    page = response.content.decode()
    assert f"Your reward code {code}" in page and f'<code class="reward-code">{code}</code>' in page
    assert "<strong>50</strong> points" in page
    response = client.post(reverse("storefront:loyalty"), {"points": "100"}, follow=True)
    assert "Only 50 points available" in response.content.decode()


def test_the_clerk_sees_the_tier_and_redeems_for_the_customer(client, store):
    client.force_login(StaffFactory(username="clara", role="clerk", location=store))
    kari = CustomerFactory()
    points_record(customer=kari, kind=PointsEntry.Kind.EARN, points=500, key="order:S-1")

    page = client.get(kari.get_absolute_url()).content.decode()
    assert "Redeem for the customer" in page and "Member tier" in page

    response = client.post(reverse("clerk:reward-create", args=[kari.pk]), {"points": "500"}, follow=True)

    reward = Reward.objects.get(customer=kari)
    assert f"Reward code {reward.code}" in response.content.decode()
    assert points_balance(customer=kari) == 0


def _adjust(client, account, points=25, reason="Goodwill"):
    data = {"action": "adjust_points", "_selected_action": [account.pk]}
    client.post(reverse("admin:loyalty_loyaltyaccount_changelist"), data)  # the form
    token = "7d7f5a4e-8f0b-4c7f-9a55-3f0c2d6b1a11"
    return client.post(
        reverse("admin:loyalty_loyaltyaccount_changelist"),
        {**data, "post": "yes", "points": points, "reason": reason, "token": token},
    )


def test_only_a_store_manager_may_adjust_points_in_the_admin(client, store):
    kari = CustomerFactory()
    points_record(customer=kari, kind=PointsEntry.Kind.EARN, points=10, key="order:S-1")
    account = LoyaltyAccount.objects.get(customer=kari)

    client.force_login(StaffFactory(username="clara", role="clerk", location=store))
    _adjust(client, account)
    assert points_balance(customer=kari) == 10

    manager = StaffFactory(username="maria", role="store manager", location=store)
    assert Permission.objects.filter(group__name="store manager", codename="adjust_points").exists()
    client.force_login(manager)
    _adjust(client, account)
    _adjust(client, account)  # the same form submitted twice
    entry = PointsEntry.objects.get(kind=PointsEntry.Kind.ADJUST)
    assert entry.description == "Adjusted by maria: Goodwill"
    assert points_balance(customer=kari) == 35
    page = client.get(reverse("admin:loyalty_loyaltyaccount_change", args=[account.pk])).content.decode()
    assert "Adjusted by maria: Goodwill" in page
