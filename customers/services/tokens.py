"""API tokens per device: issue, check, roll and revoke; hashed as core.tokens says."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.tokens import token_digest, token_generate
from customers.models import ApiToken

# A used token's last_used_at (and a rolling expiry) is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


_digest = token_digest


def _lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def api_token_create(*, user, name: str = "", rolling: bool) -> tuple[ApiToken, str]:
    """A new token for one device; the key is returned once and never stored."""
    key = token_generate()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        digest=_digest(key),
        prefix=key[:8],
        expires_at=timezone.now() + _lifetime(),
        rolling=rolling,
    )
    return token, key


def api_token_check(*, key: str) -> ApiToken | None:
    """The live token for a key, touched (and rolled forward if it rolls); None if unknown or expired."""
    now = timezone.now()
    token = ApiToken.objects.select_related("user").filter(digest=_digest(key), expires_at__gt=now).first()
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        token.last_used_at = now
        if token.rolling:
            token.expires_at = now + _lifetime()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at, expires_at=token.expires_at)
    return token


def api_token_revoke(*, user, token_id: int) -> bool:
    """Sign one device out; only the owner's own tokens can be named."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def api_tokens_revoke_all(*, user) -> int:
    """Sign every device out, e.g. after the password changed."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
