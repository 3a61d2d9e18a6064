"""Version keys: what the shop caches is keyed by the versions of what it shows, and every writer bumps the
version of what it changed once its transaction has committed, so the next request after the commit misses.

A version is a short string (the time of the bump in microseconds and a random tail) kept in the cache without
expiry; a missing one (evicted, or the cache emptied) is created on first read, which moves every key on.
"""

import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar

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


# What a request is about to read, read ahead in one round trip (`read_ahead`); each key is taken from here once.
_ahead: ContextVar[dict | None] = ContextVar("versions_read_ahead", default=None)
_ABSENT = object()


@contextmanager
def read_ahead(*, names=(), keys=()):
    """Read the versions of `names` and the values of `keys` now, in one cache round trip: the first read of each
    here takes it from what was read (a bump meanwhile drops that version). Nested, it adds to the outer block."""
    wanted = [*(_key(name) for name in names), *keys]
    found = _get_many(wanted, ahead=False) if wanted else {}
    outer, read = _ahead.get(), {key: found.get(key, _ABSENT) for key in wanted}
    token = _ahead.set(read) if outer is None else outer.update(read)
    try:
        yield
    finally:
        if token is not None:
            _ahead.reset(token)


def take_ahead(key: str):
    """The value of `key` read ahead here, taken once; None when it was not read ahead or not cached."""
    value = (_ahead.get() or {}).pop(key, None)
    return None if value is _ABSENT else value


def _get_many(keys: list[str], *, ahead: bool = True) -> dict:
    """Like cache.get_many, from what was read ahead when all of `keys` were, else on the shop's leanest read."""
    taken = _ahead.get() if ahead else None
    if taken and all(key in taken for key in keys):
        found = {key: taken.pop(key) for key in keys}
        return {key: value for key, value in found.items() if value is not _ABSENT}
    return cache.get_many_held(tuple(keys), keep=ahead) if hasattr(cache, "get_many_held") else cache.get_many(keys)


def _new() -> str:
    return f"{time.time_ns() // 1000:x}.{secrets.token_hex(2)}"


def versions_get(names=ALL, *, timeout: int | None = None) -> dict[str, str] | None:
    """The current version of each name in one cache round trip; None when the cache cannot keep them (Redis down).
    A version made here lives `timeout` seconds (for ever by default): one that expires is simply made anew, which
    moves every key on, so versions of many small things (one per shopper) may come and go.
    """
    keys = {_key(name): name for name in names}
    found = _get_many(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        made = {key: _new() for key in missing}
        if hasattr(cache, "get_or_add_many"):  # the shop's Redis cache: one round trip for them all
            found.update(cache.get_or_add_many(made, timeout=timeout))
        else:
            for key, version in made.items():
                cache.add(key, version, timeout=timeout)
            found.update(cache.get_many(missing))
        if any(key not in found for key in keys):
            return None
    return {name: found[key] for key, name in keys.items()}


def version_bump(*names: str) -> None:
    """A new version now: everything keyed by the old one is never read again (and expires on its own)."""
    ahead = _ahead.get() or {}
    for name in names:
        ahead.pop(_key(name), None)
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


def bump_now_and_on_commit(name: str) -> None:
    """A change to `name` in this transaction: reads later in the transaction and every read after the commit
    see it (a read in between may cache the old state, under the version the bump after commit leaves behind)."""
    version_bump(name)
    version_bump_on_commit(name)


def cached_by_version(name: str, key: str, build, *, timeout: int, version_timeout: int | None = None):
    """The value cached under `key` for the current version of `name`, else `build()` stored there: the version
    and the value come in one cache round trip, the value stored with the version it was built under.
    `build()` may return None (nothing to keep). Without a cache, `build()` every time.
    """
    version_key = _key(name)
    found = _get_many([version_key, key])
    version = found.get(version_key)
    if version is None:
        versions = versions_get((name,), timeout=version_timeout)
        if versions is None:
            return build()
        version = versions[name]
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = build()
    if value is not None:
        cache.set(key, (version, value), timeout)
    return value
