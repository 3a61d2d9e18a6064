"""`Authorization: Token dev_…` for tills and marketplaces; a person's token is left to the next authenticator."""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from channels.services.devices import device_client_check, is_device_key


class DeviceClientAuthentication(TokenAuthentication):
    """request.user stays anonymous (a till is no person), request.auth is the DeviceClient."""

    def authenticate_credentials(self, key):
        if not is_device_key(key):
            return None
        client = device_client_check(key=key)
        if client is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return AnonymousUser(), client


class DeviceClientScheme(OpenApiAuthenticationExtension):
    """The schema names the till's token apart from a person's (both are sent as `Authorization: Token …`)."""

    target_class = "channels.authentication.DeviceClientAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A till's or marketplace's key, issued in the staff console: `Token dev_…`.",
        }
