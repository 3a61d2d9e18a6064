"""Serving a feed: the token, the versions it is cached under, ETag and 304, gzip, and streaming.

A feed is keyed (core.pagecache.cache_key) by the catalog, stock and structure versions, so a price change, a
sold-out item or a new product moves the key and the next fetch builds it anew. A fetch that misses streams the
feed as it is written, batch by batch, gzip-compressed on the way when the channel asks for it; the compressed bytes
are kept under the key as they go out (up to FEED_CACHE_MAX_BYTES), so the next fetch is one cache read. A hit is
sent compressed as it is kept, or decompressed piece by piece for a client that does not take gzip.
"""

from __future__ import annotations

import math
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseForbidden, StreamingHttpResponse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext

from channels.feeds import google, local, meta
from core import versions as cache_versions
from core.pagecache import (
    FRAGMENT_TIMEOUT,
    PUBLIC_MAX_AGE,
    accepts_gzip,
    cache_key,
    etag_for,
    not_modified,
    public_headers,
)
from inventory.models import StockMovement

FEED_CACHE_MAX_BYTES = 32 * 1024 * 1024  # compressed; a larger feed is streamed every time rather than kept
GZIP_WBITS = 31  # zlib's window with a gzip header and trailer
PIECE = 64 * 1024
FETCH_RECORD_SECONDS = 60  # a fetch is written down at most once a minute per feed
LOCAL_BUCKET_SECONDS = 15 * 60  # pickup times move on the quarter hour (inventory.selectors.PICKUP_ROUNDING_MINUTES)


@dataclass(frozen=True)
class Feed:
    name: str
    content_type: str
    write: Callable[[], Iterator[str]]
    bucket_seconds: int = 0  # besides the versions, the feed changes with the clock (pickup times)
    # Shows quantities: keyed by the ledger's last movement too, since the stock version moves only when a level
    # crosses in / low / out (a sale of 1 of 20 leaves it), and every stock change is a movement.
    counts_units: bool = False


FEEDS = {
    "google-products": Feed("google-products", google.CONTENT_TYPE, google.google_products),
    "google-local": Feed(
        "google-local",
        local.CONTENT_TYPE,
        local.google_local_inventory,
        bucket_seconds=LOCAL_BUCKET_SECONDS,
        counts_units=True,
    ),
    "meta-products": Feed("meta-products", meta.CONTENT_TYPE, meta.meta_products, counts_units=True),
}


def last_movement_id() -> int:
    """The stock ledger's newest movement (an index lookup): it moves with every unit sold, held or received."""
    return StockMovement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def token_ok(request) -> bool:
    """Open when FEED_TOKEN is empty; else `?token=` must match it (in constant time)."""
    expected = settings.FEED_TOKEN
    return not expected or constant_time_compare(request.GET.get("token", ""), expected)


def fetch_key(name: str) -> str:
    return f"feeds:fetched:{name}"


def fetch_record(request, name: str) -> None:
    """When and by whom (user agent) a feed was last fetched, in the cache, at most once a minute."""
    if cache.add(f"feeds:fetch-recent:{name}", 1, FETCH_RECORD_SECONDS):
        agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        cache.set(fetch_key(name), {"at": time.time(), "agent": agent}, timeout=None)


def _compressing(chunks: Iterator[str], *, key: str | None, send_compressed: bool) -> Iterator[bytes]:
    """The chunks as bytes (compressed when asked); their gzip kept under `key` once all went out, if small enough."""
    packer = zlib.compressobj(wbits=GZIP_WBITS)
    kept: list[bytes] | None = [] if key else None
    size = 0
    for chunk in chunks:
        data = chunk.encode()
        packed = packer.compress(data)
        if kept is not None and packed:
            size += len(packed)
            if size <= FEED_CACHE_MAX_BYTES:
                kept.append(packed)
            else:
                kept = None
        if send_compressed:
            if packed:
                yield packed
        elif data:
            yield data
    tail = packer.flush()
    if send_compressed:
        yield tail
    if kept is not None:
        cache.set(key, {"gzip": b"".join([*kept, tail])}, FRAGMENT_TIMEOUT)


def _decompressed(body: bytes) -> Iterator[bytes]:
    unpacker = zlib.decompressobj(wbits=GZIP_WBITS)
    for start in range(0, len(body), PIECE):
        piece = unpacker.decompress(body[start : start + PIECE])
        if piece:
            yield piece
    rest = unpacker.flush()
    if rest:
        yield rest


def _key_and_modified(feed: Feed) -> tuple[str, float] | None:
    found = cache_versions.versions_get(cache_versions.ALL)
    if found is None:
        return None  # no cache (Redis down): build every time, without an ETag
    parts = [found[name] for name in cache_versions.ALL]
    if feed.bucket_seconds:
        parts.append(math.ceil(time.time() / feed.bucket_seconds))
    if feed.counts_units:
        parts.append(last_movement_id())
    with translation.override(settings.SHOP_LANGUAGE):  # a feed reads the same in every language
        key = cache_key("feed", feed.name, *parts)
    return key, max(cache_versions.version_time(version) for version in found.values())


def feed_serve(request, feed: Feed) -> HttpResponse:
    """The feed, from the cache or streamed as it is built; 304 when the channel holds it already."""
    if not token_ok(request):
        return HttpResponseForbidden(
            gettext("A valid feed token is required."), content_type="text/plain; charset=utf-8"
        )
    fetch_record(request, feed.name)
    keyed = _key_and_modified(feed)
    key, modified = keyed if keyed else (None, 0.0)
    compressed = accepts_gzip(request)
    if key and not_modified(request, etag_for(key)):
        response = HttpResponse(status=304)
    elif request.method == "HEAD":
        response = HttpResponse(content_type=feed.content_type)
    else:
        entry = cache.get(key) if key else None
        if entry is not None:
            body = entry["gzip"]
            response = HttpResponse(body) if compressed else StreamingHttpResponse(_decompressed(body))
        else:
            response = StreamingHttpResponse(_compressing(feed.write(), key=key, send_compressed=compressed))
        response["Content-Type"] = feed.content_type
        if compressed:
            response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    if key:
        public_headers(response, etag=etag_for(key), modified=modified, max_age=PUBLIC_MAX_AGE)
    if settings.FEED_TOKEN:
        response["Cache-Control"] = f"private, max-age={PUBLIC_MAX_AGE}"  # the token is in the address
    return response
