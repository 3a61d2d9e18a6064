"""A page every visitor without a session sees alike, answered again before the rest of the stack.

The shop's page cache (storefront.pagecache) keeps such a page whole, and the catalog API its product list
(channels.api.products), but finding it costs each request the whole middleware chain (session, CSRF, user,
messages, language, URL routing) for a caller who has none of them. So such an answer, headers and all
(core.pagecache.SharedAnswer), is kept here by its host, path and language, with the versions it was drawn at, and
`PublicPageMiddleware` (right after the security middleware, which still adds its headers) answers the next such
request from it:

- only a GET without a session or messages cookie or credentials, whose host is allowed, in the language the shop
  would choose for it (storefront.middleware.request_language), asking for what the answer is (the API's JSON);
- only while the versions read on this request are the ones it was drawn at: the next request after a committed
  change goes the whole way and draws it anew;
- for no longer than the page lets a proxy keep it, when that is counted per request (a product page's pickup
  promises change at the minute), and never an answer that sets a cookie or carries a script nonce.

A request for any other path costs one set lookup here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.http import HttpResponseNotModified

from core.pagecache import PAGE_TIMEOUT, SEARCH_TIMEOUT, RecentPages, SharedAnswer, from_entry, not_modified
from core.versions import versions_get
from storefront.middleware import request_language
from storefront.pagecache import is_public

PUBLIC = RecentPages(size=200, timeout=PAGE_TIMEOUT)
PUBLIC_SEARCHES = RecentPages(size=50, timeout=SEARCH_TIMEOUT)  # apart, as the page cache keeps them
KEPT_PATHS: set[str] = set()  # the paths of the answers kept, so any other request passes by at once
KEPT_PATHS_MAX = 2000
# Set anew per answer: by the answer's age, by what compresses it, or by the security middleware outside.
NOT_KEPT = frozenset({"cache-control", "content-length", "content-encoding"})


@dataclass(frozen=True)
class Answer:
    shared: SharedAnswer
    headers: tuple[tuple[str, str], ...]
    until: float

    def response(self, request):
        """This answer for `request`, or None when what it shows has changed since (or it is too old)."""
        shared, now = self.shared, time.time()
        if (
            now >= self.until
            or (shared.accepts and request.META.get("HTTP_ACCEPT", "") not in shared.accepts)
            or versions_get(shared.names) != shared.versions
        ):
            return None
        if not_modified(request, shared.etag):
            response = HttpResponseNotModified()
            headers = ((name, value) for name, value in self.headers if name.lower() != "content-type")
        else:
            response = from_entry(request, shared.entry)
            response["Content-Length"] = str(len(response.content))
            headers = self.headers
        for name, value in headers:
            response[name] = value
        response["Cache-Control"] = shared.cache_control or f"public, max-age={max(1, int(self.until - now))}"
        return response


def _slot(request) -> tuple[str, str, str] | None:
    """Where a public answer to this request would be kept (its host, path and language), when one may be: None
    for anyone else, and for a path no public answer was kept for (which costs nothing more to find out)."""
    if (
        not is_public(request)
        or "HTTP_AUTHORIZATION" in request.META
        or getattr(request, "_force_auth_user", None) is not None  # DRF's test client's credentials
    ):
        return None
    path = request.get_full_path()
    if path not in KEPT_PATHS:
        return None
    return request.get_host(), path, request_language(request)  # a host not allowed is refused, as further in


def keep(request, response) -> None:
    """Keep the answer just sent to a public caller, when it is the same for every such caller."""
    shared: SharedAnswer | None = getattr(request, "shared_answer", None)
    if (
        shared is None
        or response.status_code != 200
        or response.cookies
        or "nonce-" in response.get("Content-Security-Policy", "")
    ):
        return
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in NOT_KEPT)
    answer = Answer(shared=shared, headers=headers, until=time.time() + shared.lifetime)
    path = request.get_full_path()
    if len(KEPT_PATHS) >= KEPT_PATHS_MAX:
        KEPT_PATHS.clear()  # only a shortcut: a path forgotten is found again on its next answer
    KEPT_PATHS.add(path)
    slot = (request.get_host(), path, request.LANGUAGE_CODE)
    (PUBLIC_SEARCHES if shared.searches else PUBLIC).put(slot, answer, shared.lifetime)


class PublicPageMiddleware:
    """Answer a public caller from the last such answer while it is current (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        slot = _slot(request)
        if slot is not None:
            answer = PUBLIC.get(slot) or PUBLIC_SEARCHES.get(slot)
            response = answer.response(request) if answer is not None else None
            if response is not None:
                return response
        response = self.get_response(request)
        keep(request, response)
        return response
