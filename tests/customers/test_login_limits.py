"""Limits key on the real client (TRUSTED_PROXY_COUNT) and on the account, one count for shop, admin and API."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import BaseThrottle

from core.http import UNKNOWN_CLIENT, client_ip
from core.models import ApiKey
from tests.customers.factories import shopper
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def _guess(api, login, n, **headers):
    return api.post(TOKEN_URL, {"login": login, "password": f"guess-{n}"}, format="json", **headers).status_code


def test_a_new_forwarded_for_on_each_guess_does_not_escape_the_limit():
    shopper("kari@example.com")
    api = APIClient()

    statuses = [_guess(api, "kari@example.com", n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(40)]
    right = api.post(TOKEN_URL, {"login": "kari@example.com", "password": PASSWORD}, format="json")

    assert 400 in statuses[:5]
    assert set(statuses[10:]) == {429}
    assert right.status_code == 429
    assert not ApiKey.objects.exists()


def test_a_new_forwarded_for_and_a_new_login_each_time_still_hits_the_address_limit():
    api = APIClient()

    statuses = [_guess(api, f"user{n}@example.com", n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(40)]

    assert statuses[:10] == [400] * 10
    assert set(statuses[10:]) == {429}


def test_behind_a_proxy_two_clients_are_limited_separately(behind_one_proxy):
    api = APIClient()
    alice = [_guess(api, f"a{n}@example.com", n, HTTP_X_FORWARDED_FOR="203.0.113.5") for n in range(11)]
    # Alice cannot pass for someone else: the proxy appends her real address after whatever she wrote.
    spoofed = _guess(api, "a99@example.com", 99, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    bob = _guess(api, "bob@example.com", 0, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert alice[:10] == [400] * 10 and alice[10] == 429
    assert spoofed == 429
    assert bob == 400


def test_behind_a_proxy_one_persons_admin_failures_do_not_lock_out_other_staff(client, settings, behind_one_proxy):
    settings.LOGIN_RATE_LIMIT = "3/5m"  # per address: 3 × 4
    StaffFactory(username="boss", password="right-password-123")
    url = reverse("admin:login")
    attacker = [
        client.post(url, {"username": f"x{n}", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code
        for n in range(13)
    ]
    colleague = client.post(
        url, {"username": "boss", "password": "right-password-123"}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    assert attacker[:12] == [200] * 12 and attacker[12] == 429
    assert colleague.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "xff", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),
        (1, "198.51.100.7, 203.0.113.5", "203.0.113.5"),
        (2, "198.51.100.7, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
    ],
)
def test_drf_allauth_and_core_read_the_same_client_address(settings, proxies, xff, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=xff)

    assert client_ip(request) == expected
    assert get_adapter(request).get_client_ip(request) == expected
    assert BaseThrottle().get_ident(request) == expected


def test_an_account_locked_on_the_shop_gets_no_token(client, settings):
    settings.LOGIN_RATE_LIMIT = "5/5m"
    shopper("kari@example.com")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "kari@example.com", "password": "wrong"})

    response = APIClient().post(TOKEN_URL, {"login": "KARI@example.com", "password": PASSWORD}, format="json")

    assert response.status_code == 429
    assert response.json()["error"] == "account_locked"
    assert not ApiKey.objects.exists()


def test_an_account_locked_through_the_api_cannot_log_in_to_the_admin(client, settings, store):
    settings.LOGIN_RATE_LIMIT = "5/5m"
    StaffFactory(username="pos-osl1", password="right-password-123", location=store)
    api = APIClient()
    for n in range(5):
        _guess(api, "pos-osl1", n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    response = client.post(reverse("admin:login"), {"username": "pos-osl1", "password": "right-password-123"})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_clears_the_accounts_failures(settings):
    settings.LOGIN_RATE_LIMIT = "5/5m"
    shopper("kari@example.com")
    api = APIClient()
    for n in range(4):
        _guess(api, "kari@example.com", n)
    assert api.post(TOKEN_URL, {"login": "kari@example.com", "password": PASSWORD}, format="json").status_code == 200

    assert _guess(api, "kari@example.com", 5) == 400


def test_a_caller_without_a_readable_address_is_refused_cleanly_not_with_a_500():
    api = APIClient(REMOTE_ADDR="")
    shopper("nobody@example.com")

    response = api.post("/api/v1/auth/token/", {"login": "nobody@example.com", "password": "wrong"}, format="json")

    assert response.status_code == 400
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) == UNKNOWN_CLIENT
