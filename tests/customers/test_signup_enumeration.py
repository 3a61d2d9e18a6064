"""Sign-up does the same work for a registered and a new email, so its timing does not tell them apart."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from tests.customers.factories import shopper

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-signup-password-7"


class CountingHasher(MD5PasswordHasher):
    """The expensive step of a sign-up, counted instead of timed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = ["tests.customers.test_signup_enumeration.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def _sign_up(client, email):
    response = client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    return response


def test_a_registered_email_costs_a_password_hash_like_a_new_one(client, hashes):
    shopper("kari@example.com")
    hashes.calls = 0

    registered = _sign_up(client, "Kari@Example.com")
    registered_hashes, hashes.calls = hashes.calls, 0
    new = _sign_up(client, "new-shopper@example.com")
    new_hashes = hashes.calls

    assert new_hashes >= 1
    assert registered_hashes == new_hashes
    assert registered.url == new.url  # and the same answer
