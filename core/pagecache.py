"""Caching what the shop and its channels show, keyed by what it shows, and spoken about in HTTP.

- Every key holds the release (a digest of the templates, so a deploy never serves old markup), the active
  language (a page drawn in Norwegian is never served to someone reading English) and the versions
  (core.versions) of what the answer shows: the next request after a committed change misses.
- `fragment` keeps any value under such a key; `page_entry`/`page_store` keep whole answers (plain and gzip),
  also in this process for the hottest ones; `etag_for`, `not_modified` and `public_headers` answer
  If-None-Match with a 304 and tell proxies how long they may keep an answer.

The shop's pages (storefront.pagecache) and the channels' feeds and catalog API are built on this.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

PAGES = "pages"  # a version of whole pages only: `version_bump(PAGES)` drops them and keeps the fragments
PAGE_TIMEOUT = 10 * 60
FRAGMENT_TIMEOUT = 24 * 60 * 60
# Search results are keyed by whatever was typed, a key space without bounds: each is kept only briefly, so what
# many shoppers search for is drawn about once a minute and a run of made-up queries ages out of Redis at once.
SEARCH_TIMEOUT = 60
PUBLIC_MAX_AGE = 60


def _templates_digest() -> str:
    """Changes with any template, so a deploy never serves fragments of the old markup."""
    digest = hashlib.blake2b(digest_size=6)
    for directory in [*(Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", []))]:
        for path in sorted(directory.rglob("*.html")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


RELEASE = _templates_digest()


def cache_key(*parts) -> str:
    """A key for a page, a fragment or an API answer: the release, the active language, then what it shows."""
    raw = "|".join(str(part) for part in (RELEASE, get_language(), *parts))
    return "frag:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


class RecentPages:
    """The last pages this process served, by cache key: a key holds every version, so an entry is as fresh as
    the cache's, and a page asked for again skips a Redis round trip and unpickling ~30 KB. Bounded (least
    recently used out) and kept no longer than the cache keeps it."""

    def __init__(self, size: int, timeout: float):
        self.size, self.timeout = size, timeout
        self._entries: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: str, entry: dict, timeout: float | None = None) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + (self.timeout if timeout is None else timeout), entry)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


RECENT = RecentPages(size=200, timeout=PAGE_TIMEOUT)
# Pages of search results, keyed by whatever was typed: kept apart, so a run of made-up queries never pushes the
# shop's hottest pages out of RECENT, and no longer than the cache keeps them (SEARCH_TIMEOUT).
RECENT_SEARCHES = RecentPages(size=50, timeout=SEARCH_TIMEOUT)


def page_entry(key: str, *, recent: RecentPages = RECENT, timeout: int = PAGE_TIMEOUT) -> dict | None:
    """A whole page or shell from this process's recent pages, else from the cache (then kept as recent, for no
    longer than `timeout`, what it was stored with)."""
    entry = recent.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            recent.put(key, entry, timeout)
    return entry


def page_store(key: str, entry: dict, *, recent: RecentPages = RECENT, timeout: int = PAGE_TIMEOUT) -> None:
    cache.set(key, entry, timeout)
    recent.put(key, entry, timeout)


def fragment(key: str, build, *, timeout: int = FRAGMENT_TIMEOUT):
    """The cached value of `key`, else `build()` stored under it for `timeout` seconds."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def minute_bucket(now: float | None = None) -> int:
    """Pickup promises ("ready today from 15:15") change at whole minutes: cache a page that shows them per minute."""
    return math.ceil((now or time.time()) / 60)


@dataclass(frozen=True)
class SharedAnswer:
    """An answer the same for every caller without a session or credentials, as just sent: what config.public
    needs to send it again before the rest of the stack while the versions of `names` are still `versions`."""

    names: tuple[str, ...]
    versions: dict
    entry: dict  # as page_entry keeps it
    etag: str
    lifetime: float  # seconds it may be sent again, at most
    cache_control: str = ""  # sent as it is; empty: `public, max-age=` what is left of `lifetime`
    accepts: tuple[str, ...] = ()  # the Accept headers it answers (empty: any)
    searches: bool = False  # kept apart, as the page cache keeps pages of search results


def etag_for(key: str) -> str:
    return quote_etag(key.removeprefix("frag:"))


def public_headers(response, *, etag: str, modified: float, max_age: int) -> None:
    response["ETag"] = f"W/{etag}"
    response["Cache-Control"] = f"public, max-age={max_age}"
    if modified:
        response["Last-Modified"] = http_date(modified)


def accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def from_entry(request, entry: dict) -> HttpResponse:
    compressed = accepts_gzip(request)
    response = HttpResponse(entry["gzip"] if compressed else entry["plain"], content_type=entry["content_type"])
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    return response


def not_modified(request, etag: str) -> bool:
    """Whether the client already holds the answer with this ETag (If-None-Match, weak or strong)."""
    return etag in request.META.get("HTTP_IF_NONE_MATCH", "").replace("W/", "").split(", ")
