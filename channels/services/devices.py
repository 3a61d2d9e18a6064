"""Tills and marketplaces as API clients: issue a token once, check it on every call, revoke it.

A till is bound to one store and a marketplace or social shop to its channel; the scopes say what each may do.
Keys carry a readable prefix (`dev_`) so the authentication can tell them from a person's token without a query.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from channels.exceptions import ChannelRequestInvalid
from channels.models import DeviceClient
from core.tokens import token_digest, token_generate
from inventory.models import Location

KEY_PREFIX = "dev_"
# last_used_at is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def _scopes_check(scopes: Iterable[str]) -> list[str]:
    scopes = list(dict.fromkeys(scopes))
    unknown = [scope for scope in scopes if scope not in DeviceClient.Scope.values]
    if unknown or not scopes:
        allowed = ", ".join(DeviceClient.Scope.values)
        raise ChannelRequestInvalid(
            f"Scopes must be some of: {allowed} (got {', '.join(unknown) or 'none'}).", field="scope"
        )
    return scopes


@transaction.atomic
def device_client_create(
    *, name: str, scopes: Iterable[str], location: Location | None = None, channel: str = ""
) -> tuple[DeviceClient, str]:
    """A new client and its key; the key is returned this once and only its hash is stored."""
    if (location is None) == (not channel):
        raise ChannelRequestInvalid("A client is bound to either a store or a channel.", field="location")
    if channel and channel not in DeviceClient.CHANNELS:
        raise ChannelRequestInvalid("The channel must be marketplace or social.", field="channel")
    if location is not None and not location.is_active:
        raise ChannelRequestInvalid(f"{location.code} is not active.", field="location")
    key = token_generate(prefix=KEY_PREFIX)
    client = DeviceClient.objects.create(
        name=(name or (location.code if location else channel))[:100],
        location=location,
        channel=channel,
        scopes=_scopes_check(scopes),
        digest=token_digest(key),
        prefix=key[:12],
    )
    return client, key


def device_client_check(*, key: str) -> DeviceClient | None:
    """The live client behind a key (touched now and then), or None if unknown or revoked."""
    client = (
        DeviceClient.objects.select_related("location")
        .filter(digest=token_digest(key), revoked_at__isnull=True)
        .first()
    )
    if client is None:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= TOUCH_EVERY:
        client.last_used_at = now
        DeviceClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


def device_client_revoke(*, client: DeviceClient) -> DeviceClient:
    """Refuse the key from now on; the row stays so that what it did keeps its author."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        DeviceClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(revoked_at=client.revoked_at)
    return client


def is_device_key(key: str) -> bool:
    return key.startswith(KEY_PREFIX)
