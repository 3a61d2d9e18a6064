"""`Authorization: Token <key>` against the per-device tokens in customers.ApiToken."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from customers.services.tokens import api_token_check


class DeviceTokenAuthentication(TokenAuthentication):
    """DRF's header parsing, our hashed, expiring tokens; request.auth is the ApiToken row."""

    def authenticate_credentials(self, key):
        token = api_token_check(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or expired token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return token.user, token
