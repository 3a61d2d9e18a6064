"""`Authorization: Token dev_…` for tills and marketplaces; a person's token is left to the next authenticator."""

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from orders.devices import device_client_check, is_device_key


class DeviceClientAuthentication(TokenAuthentication):
    """request.user stays anonymous (a till is no person), request.auth is the DeviceClient."""

    def authenticate_credentials(self, key):
        if not is_device_key(key):
            return None
        client = device_client_check(key=key)
        if client is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return AnonymousUser(), client
