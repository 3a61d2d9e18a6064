"""The app and the POS sign in through the API and get a token."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import ApiKey
from tests.customers.factories import shopper, verified_user
from tests.factories import StaffFactory, UserFactory

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
    assert not ApiKey.objects.exists()


def test_unverified_shopper_is_told_to_confirm_the_email(api):
    verified_user("new@example.com", verified=False)

    response = api.post("/api/v1/auth/token/", {"login": "new@example.com", "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert "confirm your email" in response.json()["message"]
    assert not ApiKey.objects.exists()


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


def _sign_in(login="kari@example.com", device=""):
    response = APIClient().post(
        "/api/v1/auth/token/", {"login": login, "password": PASSWORD, "device": device}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()


def _client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_each_sign_in_gets_its_own_token_and_signing_out_keeps_the_others():
    shopper("kari@example.com")
    phone, tablet = _client(_sign_in(device="phone")["token"]), _client(_sign_in(device="tablet")["token"])

    assert phone.delete("/api/v1/auth/token/").status_code == 204

    assert phone.get("/api/v1/me/").status_code == 401
    assert tablet.get("/api/v1/me/").status_code == 200


def test_only_a_hash_of_the_key_is_stored():
    user, _ = shopper("kari@example.com")
    key = _sign_in()["token"]

    row = ApiKey.objects.get(user=user)
    assert key not in (row.digest, row.prefix, row.name)
    assert row.digest == hashlib.sha256(key.encode()).hexdigest()


def test_the_user_lists_their_devices_and_signs_one_out():
    shopper("kari@example.com")
    phone = _client(_sign_in(device="phone")["token"])
    _sign_in(device="tablet")
    ola, _ = shopper("ola@example.com")
    _sign_in("ola@example.com")
    other_user_token = ApiKey.objects.get(user=ola)

    listed = phone.get("/api/v1/auth/tokens/").json()
    assert [(t["name"], t["current"]) for t in listed] == [("tablet", False), ("phone", True)]
    tablet_id = listed[0]["id"]

    assert phone.delete(f"/api/v1/auth/tokens/{other_user_token.pk}/").status_code == 404
    assert phone.delete(f"/api/v1/auth/tokens/{tablet_id}/").status_code == 204
    assert [t["name"] for t in phone.get("/api/v1/auth/tokens/").json()] == ["phone"]
    assert ApiKey.objects.filter(pk=other_user_token.pk, revoked_at__isnull=True).exists()


def test_an_expired_token_is_refused():
    shopper("kari@example.com")
    client = _client(_sign_in()["token"])
    ApiKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert client.get("/api/v1/me/").status_code == 401


def test_the_apps_token_rolls_forward_on_use_a_staff_devices_does_not(store):
    shopper("kari@example.com")
    StaffFactory(username="pos-osl1", location=store)
    app, pos = _sign_in(), _sign_in("pos-osl1")
    assert app["rolling"] is True and pos["rolling"] is False
    soon, long_ago = timezone.now() + timedelta(days=1), timezone.now() - timedelta(days=2)
    ApiKey.objects.update(expires_at=soon, last_used_at=long_ago)

    _client(app["token"]).get("/api/v1/me/")
    _client(pos["token"]).get("/api/v1/me/")

    app_row, pos_row = ApiKey.objects.get(user__is_staff=False), ApiKey.objects.get(user__is_staff=True)
    assert app_row.expires_at > timezone.now() + timedelta(days=29)
    assert pos_row.expires_at == soon
    assert app_row.last_used_at > long_ago and pos_row.last_used_at > long_ago


def test_a_password_change_signs_every_device_out_but_a_log_in_does_not(client):
    user, _ = shopper("kari@example.com")
    phone, tablet = _client(_sign_in()["token"]), _client(_sign_in()["token"])
    client.post("/accounts/login/", {"login": "kari@example.com", "password": PASSWORD})  # saves last_login
    assert phone.get("/api/v1/me/").status_code == 200

    user.refresh_from_db()
    user.set_password("a-brand-new-secret-42")
    user.save()

    assert phone.get("/api/v1/me/").status_code == 401
    assert tablet.get("/api/v1/me/").status_code == 401
    assert not ApiKey.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_staff_see_and_revoke_tokens_in_the_admin(client):
    user, _ = shopper("kari@example.com")
    phone = _client(_sign_in(device="kari's phone")["token"])
    token = ApiKey.objects.get(user=user)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    page = client.get(reverse("admin:core_apikey_changelist")).content.decode()
    assert token.prefix in page and "kari&#x27;s phone" in page
    assert token.digest not in client.get(reverse("admin:core_apikey_change", args=[token.pk])).content.decode()

    client.post(reverse("admin:core_apikey_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    assert phone.get("/api/v1/me/").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_password_guessing_locks_the_account(api):
    shopper("kari@example.com")
    statuses = [
        api.post(
            "/api/v1/auth/token/", {"login": "kari@example.com", "password": f"guess-{n}"}, format="json"
        ).status_code
        for n in range(12)
    ]
    right = api.post("/api/v1/auth/token/", {"login": "kari@example.com", "password": PASSWORD}, format="json")

    assert statuses[:9] == [400] * 9
    assert statuses[9:] == [429, 429, 429]  # the tenth failure locks the account (LOGIN_RATE_LIMIT 10/5m)
    assert right.status_code == 429
    assert not ApiKey.objects.exists()
