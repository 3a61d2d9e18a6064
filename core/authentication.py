"""`Authorization: Token <key>` for every API key: a person's acts as that person, a device's as nobody.

request.auth is the ApiKey row. A person's key gives request.user that person; a till's or marketplace's key leaves
request.user anonymous (a till is no person) and carries its scopes, which the endpoints check.
"""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
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


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """The one header under both names the schema has always given it (a device's key, a person's), so that clients
    generated from it keep their configuration."""

    target_class = "core.authentication.ApiKeyAuthentication"
    name = ["deviceToken", "tokenAuth"]

    def get_security_requirement(self, auto_schema):
        return [{name: []} for name in self.name]  # either key, not both

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "A till's or marketplace's key, issued in the staff console: `Token dev_…`.",
            },
            build_bearer_security_scheme_object(header_name="Authorization", token_prefix=self.target.keyword),
        ]
