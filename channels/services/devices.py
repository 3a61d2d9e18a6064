"""Tills and marketplaces as API clients: issue a key once, revoke it; the key itself is a core.ApiKey.

A till is bound to one store and a marketplace or social shop to its channel; the key's scopes say what each may
do. Keys carry a readable prefix (`dev_`) so that a person can tell a device's key from their own at a glance.
"""

from collections.abc import Iterable

from django.db import transaction

from channels.exceptions import ChannelRequestInvalid
from channels.models import DeviceClient
from core.api_keys import api_key_create, api_key_revoke
from inventory.models import Location

KEY_PREFIX = "dev_"


def device_scopes_check(scopes: Iterable[str]) -> list[str]:
    """The scopes asked for, each once and in order; at least one, and only known ones."""
    scopes = list(dict.fromkeys(scopes))
    unknown = [scope for scope in scopes if scope not in DeviceClient.Scope.values]
    if unknown or not scopes:
        allowed = ", ".join(DeviceClient.Scope.values)
        raise ChannelRequestInvalid(
            f"Scopes must be some of: {allowed} (got {', '.join(unknown) or 'none'}).", field="scopes"
        )
    return scopes


def device_binding_check(*, location: Location | None, channel: str) -> None:
    """A client is bound to an active store (a till) or to a marketplace or social channel, never both."""
    if (location is None) == (not channel):
        raise ChannelRequestInvalid(
            "Bind the client to a store (a till) or to a channel (a marketplace): one of the two.", field="location"
        )
    if channel and channel not in DeviceClient.CHANNELS:
        raise ChannelRequestInvalid("The channel must be marketplace or social.", field="channel")
    if location is not None and not location.is_active:
        raise ChannelRequestInvalid(f"{location.code} is not active.", field="location")


@transaction.atomic
def device_client_create(
    *, name: str, scopes: Iterable[str], location: Location | None = None, channel: str = ""
) -> tuple[DeviceClient, str]:
    """A new client and its key; the key is returned this once and only its hash is stored."""
    device_binding_check(location=location, channel=channel)
    name = (name or (location.code if location else channel))[:100]
    api_key, key = api_key_create(name=name, scopes=device_scopes_check(scopes), expires=False, key_prefix=KEY_PREFIX)
    client = DeviceClient.objects.create(name=name, location=location, channel=channel, key=api_key)
    return client, key


def device_client_revoke(*, client: DeviceClient) -> DeviceClient:
    """Refuse the client's key from now on; the client stays so that what it did keeps its author."""
    api_key_revoke(api_key=client.key)
    return client
