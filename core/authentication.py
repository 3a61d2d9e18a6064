"""`Authorization: Token <key>` for every API key: a person's acts as that person, a device's as nobody.

request.auth is the ApiKey row. A person's key gives request.user that person; a till's or marketplace's key leaves
request.user anonymous (a till is no person) and carries its scopes, which the endpoints check.
"""

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from core.api_keys import api_key_check


class ApiKeyAuthentication(TokenAuthentication):
    """DRF's header parsing, our hashed keys: expiring and rolling for people, scoped for devices."""

    def authenticate_credentials(self, key):
        api_key = api_key_check(key=key)
        if api_key is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        if api_key.user is None:
            return AnonymousUser(), api_key
        if not api_key.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return api_key.user, api_key
