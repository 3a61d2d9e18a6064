"""One kind of API key for people and devices: who it signs in, what it may do, and how often a use is written."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone
from rest_framework.test import APIClient

from channels.services.devices import device_client_create
from core.api_keys import api_key_check, api_key_create
from core.models import ApiKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_tills_key_signs_nobody_in(store):
    _, key = device_client_create(name="Till 1", location=store, scopes=["stock:read"])

    till = _client(key)

    assert till.get("/api/v1/pos/stock/", {"sku": "X"}).status_code == 200
    # A valid key without a person: refused (403), not asked to sign in (401).
    assert till.get("/api/v1/me/").status_code == 403
    assert till.get("/api/v1/auth/tokens/").status_code == 403


def test_an_unknown_key_is_refused_with_a_json_401():
    response = _client("not-a-key").get("/api/v1/auth/tokens/")

    assert response.status_code == 401 and response.json()["message"] == "Invalid, expired or revoked token."


def test_a_used_key_is_written_at_most_once_a_minute(django_assert_num_queries):
    _, key = api_key_create(user=UserFactory(), name="phone", rolling=True)

    with django_assert_num_queries(2):  # read, and write the first use
        first = api_key_check(key=key).last_used_at
    with django_assert_num_queries(1):  # read only
        assert api_key_check(key=key).last_used_at == first
    ApiKey.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    with django_assert_num_queries(2):
        assert api_key_check(key=key).last_used_at > first


def test_a_persons_key_carries_no_scopes():
    user = UserFactory()

    with pytest.raises(ValueError, match="no scopes"):
        api_key_create(user=user, name="phone", scopes=["pos:sale"])
    api_key, _ = api_key_create(user=user, name="phone")
    with pytest.raises(IntegrityError):
        ApiKey.objects.filter(pk=api_key.pk).update(scopes=["pos:sale"])
