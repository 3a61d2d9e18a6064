"""Django's Redis cache, but a Redis that is down reads as a miss instead of a 500.

Every cache user in the shop (menus, allauth's and DRF's rate limits, the admin login limiter) treats the
cache as an optimisation or a soft guard, so when Redis cannot be reached the cache answers as an empty
one that forgets at once: reads miss, `add` succeeds, writes do nothing. Rate limits therefore fail *open* while Redis is down — people can
still sign in, and the database-side caps (pickup codes, clerk lookups) still hold; `/healthz` says
"degraded" meanwhile. After a failure the client leaves Redis alone for `RETRY_AFTER` seconds, so a dead
server costs one connection attempt per process every few seconds rather than one per cache call; the
outage and the recovery are each logged once.
"""

import logging
import os
import threading
import time
from functools import wraps
from types import SimpleNamespace

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

log = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after a connection error
UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _tolerant(fallback):
    """Run a client method; on a connection error answer `fallback(*args)` as an empty cache would."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args):
            if self._down_until > time.monotonic():
                return fallback(*args)
            try:
                result = method(self, *args)
            except UNAVAILABLE as exc:
                if not self._down_until:
                    log.warning("cache unreachable, serving without it: %s", exc)
                self._down_until = time.monotonic() + RETRY_AFTER
                return fallback(*args)
            if self._down_until:
                log.warning("cache reachable again")
                self._down_until = 0.0
            return result

        return wrapper

    return decorate


class FaultTolerantRedisCacheClient(RedisCacheClient):
    """The stock client with each call answered as an empty cache would while Redis is unreachable."""

    _down_until = 0.0

    def get_client(self, key=None, *, write=False):
        """One redis.Redis per connection pool, made once: the stock client builds a new one (and its table of
        ~500 response callbacks) for every cache call, which cost a shop page more than the Redis round trips."""
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def get_or_add_many(self, data, timeout):
        """Store each value whose key is missing, then read every key back: one round trip (a pipeline), where
        `add` per key and a `get_many` took one each. A value another process stored first is the one returned."""
        client = self.get_client(None, write=True)
        pipeline = client.pipeline(transaction=False)
        for key, value in data.items():
            pipeline.set(key, self._serializer.dumps(value), ex=timeout, nx=True)
        pipeline.mget(list(data))
        stored = pipeline.execute()[-1]
        return {
            key: self._serializer.loads(value) for key, value in zip(data, stored, strict=True) if value is not None
        }

    get_or_add_many = _tolerant(lambda data, timeout: {})(get_or_add_many)

    def get_many_held(self, keys: tuple[str, ...], *, keep: bool = True) -> dict:
        """get_many for the read every shop request makes first (the versions): sent on a connection this thread
        keeps, as a command packed once (unless not to `keep`), it skips the pool's and the client's bookkeeping —
        about three quarters of that read's CPU. An error hands the read to get_many, which knows Redis down."""
        if self._down_until > time.monotonic():
            return {}
        held = self._held()
        command = held.commands.get(keys)
        if command is None:
            command = held.connection.pack_command("MGET", *keys)
            if keep and len(held.commands) < HELD_COMMANDS:
                held.commands[keys] = command
        try:
            held.connection.send_packed_command(command, check_health=False)
            values = held.connection.read_response()
        except (redis.exceptions.RedisError, OSError):
            held.connection.disconnect()
            return self.get_many(keys)
        return {
            key: self._serializer.loads(value) for key, value in zip(keys, values, strict=True) if value is not None
        }

    def _held(self) -> SimpleNamespace:
        """This thread's own connection, made anew in a forked child (a server's worker)."""
        local = self.__dict__.setdefault("_held_local", threading.local())
        held = getattr(local, "held", None)
        if held is None or held.pid != os.getpid():
            pool = self._get_connection_pool(False)
            connection = pool.connection_class(**pool.connection_kwargs)
            held = local.held = SimpleNamespace(connection=connection, pid=os.getpid(), commands={})
        return held

    # An empty cache accepts an add; cache-based locks (allauth's rate limits) are then always granted.
    add = _tolerant(lambda key, value, timeout: True)(RedisCacheClient.add)
    get = _tolerant(lambda key, default: default)(RedisCacheClient.get)
    set = _tolerant(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _tolerant(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _tolerant(lambda key: False)(RedisCacheClient.delete)
    get_many = _tolerant(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _tolerant(lambda key: False)(RedisCacheClient.has_key)
    # A counter that cannot be stored counts from zero each time: the limiter that uses it lets the caller in.
    incr = _tolerant(lambda key, delta: delta)(RedisCacheClient.incr)
    set_many = _tolerant(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _tolerant(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _tolerant(lambda: False)(RedisCacheClient.clear)


HELD_COMMANDS = 32  # the few key sets read on every request; others are packed each time


class FaultTolerantRedisCache(RedisCache):
    """settings.CACHES backend: Django's RedisCache whose client survives a Redis outage."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FaultTolerantRedisCacheClient

    def get_or_add_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """The cached value of each key of `data`, storing `data`'s value where there was none (as `add` does);
        a key that cannot be kept (Redis down) is left out."""
        keys = {self.make_and_validate_key(key, version=version): key for key in data}
        found = self._cache.get_or_add_many(
            {made: data[key] for made, key in keys.items()}, self.get_backend_timeout(timeout)
        )
        return {keys[made]: value for made, value in found.items()}

    def get_many_held(self, keys: tuple[str, ...], *, keep: bool = True) -> dict:
        """get_many of the few keys every request reads, on a connection of their own (the client's
        get_many_held); their cache keys are made (and checked) once, unless not to `keep` (one session's keys)."""
        made_keys = self.__dict__.setdefault("_made_keys", {})
        made = made_keys.get(keys)
        if made is None:
            made = tuple(self.make_and_validate_key(key) if keep else self.make_key(key) for key in keys)
            if keep and len(made_keys) < HELD_COMMANDS:
                made_keys[keys] = made
        found = self._cache.get_many_held(made, keep=keep)
        return {key: found[made_key] for key, made_key in zip(keys, made, strict=True) if made_key in found}
