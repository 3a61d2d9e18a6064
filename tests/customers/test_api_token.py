"""The app and the POS sign in through the API and get a token."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.customers.factories import shopper, verified_user
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture
def api():
    return APIClient()


def test_verified_shopper_gets_a_token_that_opens_their_own_profile(api):
    user, customer = shopper("kari@example.com")

    response = api.post("/api/v1/auth/token/", {"login": "Kari@Example.com", "password": PASSWORD}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["is_staff"] is False
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["card_number"] == customer.card_number


def test_wrong_password_is_refused_without_a_token(api):
    shopper("kari@example.com")

    response = api.post("/api/v1/auth/token/", {"login": "kari@example.com", "password": "nope"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "login_refused"
    assert not Token.objects.exists()


def test_unverified_shopper_is_told_to_confirm_the_email(api):
    verified_user("new@example.com", verified=False)

    response = api.post("/api/v1/auth/token/", {"login": "new@example.com", "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert "confirm your email" in response.json()["message"]
    assert not Token.objects.exists()


def test_staff_device_signs_in_by_username(api, store):
    StaffFactory(username="pos-osl1", location=store)

    response = api.post("/api/v1/auth/token/", {"login": "pos-osl1", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert response.json()["is_staff"] is True


def test_signing_out_revokes_the_token(api):
    shopper("kari@example.com")
    token = api.post("/api/v1/auth/token/", {"login": "kari@example.com", "password": PASSWORD}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")

    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_password_guessing_is_rate_limited(api):
    shopper("kari@example.com")
    statuses = [
        api.post(
            "/api/v1/auth/token/", {"login": "kari@example.com", "password": f"guess-{n}"}, format="json"
        ).status_code
        for n in range(12)
    ]

    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
