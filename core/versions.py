"""Version keys: what the shop caches is keyed by the versions of what it shows, and every writer bumps the
version of what it changed once its transaction has committed, so the next request after the commit misses.

A version is a short string (the time of the bump in microseconds and a random tail) kept in the cache without
expiry; a missing one (evicted, or the cache emptied) is created on first read, which moves every key on.
"""

import secrets
import time

from django.core.cache import cache
from django.db import transaction

# What a storefront page shows, by owner: categories, stores and opening hours (catalog, inventory); product
# content and prices (catalog); the coarse stock flags in / low / out per store and online (inventory).
STRUCTURE = "structure"
CATALOG = "catalog"
STOCK = "stock"
ALL = (STRUCTURE, CATALOG, STOCK)


def _key(name: str) -> str:
    return f"version:{name}"


def _new() -> str:
    return f"{time.time_ns() // 1000:x}.{secrets.token_hex(2)}"


def versions_get(names=ALL) -> dict[str, str] | None:
    """The current version of each name in one cache round trip; None when the cache cannot keep them (Redis down)."""
    keys = {_key(name): name for name in names}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, _new(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
        if any(key not in found for key in keys):
            return None
    return {name: found[key] for key, name in keys.items()}


def version_bump(*names: str) -> None:
    """A new version now: everything keyed by the old one is never read again (and expires on its own)."""
    cache.set_many({_key(name): _new() for name in names}, timeout=None)


def version_bump_on_commit(*names: str) -> None:
    """Bump after the surrounding transaction commits (at once outside one): a request that reads the version
    before the commit can only have cached under the old version."""
    transaction.on_commit(lambda: version_bump(*names))


def version_time(version: str) -> float:
    """When a version was made, in seconds since the epoch (for Last-Modified)."""
    try:
        return int(version.split(".", 1)[0], 16) / 1_000_000
    except ValueError:
        return 0.0
