"""Every API key, a person's or a device's: issue it once, check it on every call, revoke it.

Keys are hashed as core.tokens says. A person's key expires `API_TOKEN_TTL_DAYS` after it was issued, or after
it was last used when it rolls (the shopper app); a device's key lives until it is revoked. A revoked key keeps
its row, so what a till did keeps its author and staff see when a device was signed out.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.models import ApiKey
from core.tokens import token_digest, token_generate

# A used key's last_used_at (and a rolling expiry) is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
# Characters of the key kept after its readable prefix, to recognise it in lists.
SHOWN = 8


def api_key_lifetime() -> timedelta:
    """How long an expiring key lives from its issue (or from its last use, when it rolls)."""
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def api_key_create(
    *,
    name: str,
    user=None,
    scopes: Iterable[str] = (),
    expires: bool = True,
    rolling: bool = False,
    key_prefix: str = "",
) -> tuple[ApiKey, str]:
    """A new key, a person's (`user`) or a device's (`scopes`); the key is returned this once, only its hash is kept."""
    scopes = list(scopes)
    if user is not None and scopes:
        raise ValueError("A person's key has no scopes: the person's permissions apply.")
    if rolling and not expires:
        raise ValueError("Only an expiring key can roll.")
    key = token_generate(prefix=key_prefix)
    api_key = ApiKey.objects.create(
        user=user,
        name=name[:100],
        digest=token_digest(key),
        prefix=key[: len(key_prefix) + SHOWN],
        scopes=scopes,
        expires_at=timezone.now() + api_key_lifetime() if expires else None,
        rolling=rolling,
    )
    return api_key, key


def api_key_check(*, key: str) -> ApiKey | None:
    """The live key (with its person), touched now and then and rolled forward if it rolls; None if unknown,
    expired or revoked."""
    now = timezone.now()
    api_key = (
        ApiKey.objects.select_related("user")
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), digest=token_digest(key), revoked_at__isnull=True)
        .first()
    )
    if api_key is None:
        return None
    if api_key.last_used_at is None or now - api_key.last_used_at >= TOUCH_EVERY:
        api_key.last_used_at = now
        if api_key.rolling:
            api_key.expires_at = now + api_key_lifetime()
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now, expires_at=api_key.expires_at)
    return api_key


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    """Refuse the key from now on (revoking twice keeps the first time)."""
    if api_key.revoked_at is None:
        now = timezone.now()
        if ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=now):
            api_key.revoked_at = now
        else:
            api_key.refresh_from_db(fields=["revoked_at"])
    return api_key


def api_keys_revoke(*, user, key_id: int | None = None) -> int:
    """Sign one of a person's devices out (`key_id`; only the person's own keys can be named), or all of them,
    e.g. after the password changed; how many were live."""
    keys = ApiKey.objects.filter(user=user, revoked_at__isnull=True)
    if key_id is not None:
        keys = keys.filter(pk=key_id)
    return keys.update(revoked_at=timezone.now())
