"""A page every visitor without a session sees alike, answered again before the rest of the stack.

The shop's page cache (storefront.pagecache) keeps such a page whole, but finding it costs each request the whole
middleware chain (session, CSRF, user, messages, language, URL routing) for a visitor who has none of them. So the
answer of a public page, headers and all, is kept here by its path and language, with the versions it was drawn
at, and `PublicPageMiddleware` (right after the security middleware, which still adds its headers) answers the
next such request from it:

- only a GET without a session or messages cookie, whose host is allowed, in the language the shop would choose
  for it (storefront.middleware.request_language);
- only while the versions read on this request are the ones it was drawn at: the next request after a committed
  change goes the whole way and draws it anew;
- for no longer than the page lets a proxy keep it, when that is counted per request (a product page's pickup
  promises change at the minute), and never an answer that sets a cookie or carries a script nonce.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.http import HttpResponseNotModified

from core.pagecache import PAGE_TIMEOUT, SEARCH_TIMEOUT, RecentPages, from_entry, not_modified
from core.versions import versions_get
from storefront.middleware import request_language
from storefront.pagecache import Drawn, is_public

PUBLIC = RecentPages(size=200, timeout=PAGE_TIMEOUT)
PUBLIC_SEARCHES = RecentPages(size=50, timeout=SEARCH_TIMEOUT)  # apart, as the page cache keeps them
KEPT_PATHS: set[str] = set()  # the paths of the answers kept, so any other request passes by at once
KEPT_PATHS_MAX = 2000
# Set anew per answer: by the page's own age, by what compresses it, or by the security middleware outside.
NOT_KEPT = frozenset({"cache-control", "content-length", "content-encoding"})


@dataclass(frozen=True)
class Answer:
    drawn: Drawn
    headers: tuple[tuple[str, str], ...]
    until: float

    def response(self, request):
        """This answer for `request`, or None when what it shows has changed since (or it is too old)."""
        drawn, now = self.drawn, time.time()
        if now >= self.until or versions_get(drawn.names) != drawn.versions:
            return None
        if not_modified(request, drawn.etag):
            response = HttpResponseNotModified()
            headers = ((name, value) for name, value in self.headers if name.lower() != "content-type")
        else:
            response = from_entry(request, drawn.entry)
            response["Content-Length"] = str(len(response.content))
            headers = self.headers
        for name, value in headers:
            response[name] = value
        age = max(1, int(self.until - now)) if drawn.counted else drawn.max_age
        response["Cache-Control"] = f"public, max-age={age}"
        return response


def _slot(request) -> tuple[str, str] | None:
    """Where a public answer to this request would be kept (its path and language), when one may be: None for
    anyone else, and for a path no public answer was kept for (which costs nothing more to find out)."""
    if not is_public(request):
        return None
    path = request.get_full_path()
    if path not in KEPT_PATHS:
        return None
    request.get_host()  # a host not allowed is refused here as further in
    return path, request_language(request)


def keep(request, response) -> None:
    """Keep the answer the page cache just gave a public visitor, when it is the same for every such visitor."""
    drawn: Drawn | None = getattr(request, "public_drawn", None)
    if (
        drawn is None
        or response.status_code != 200
        or response.cookies
        or "nonce-" in response.get("Content-Security-Policy", "")
    ):
        return
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in NOT_KEPT)
    lifetime = drawn.max_age if drawn.counted else (SEARCH_TIMEOUT if drawn.searches else PAGE_TIMEOUT)
    answer = Answer(drawn=drawn, headers=headers, until=time.time() + lifetime)
    path = request.get_full_path()
    if len(KEPT_PATHS) >= KEPT_PATHS_MAX:
        KEPT_PATHS.clear()  # only a shortcut: a path forgotten is found again on its next answer
    KEPT_PATHS.add(path)
    (PUBLIC_SEARCHES if drawn.searches else PUBLIC).put((path, request.LANGUAGE_CODE), answer, lifetime)


class PublicPageMiddleware:
    """Answer a public visitor's page from the last such answer while it is current (see the module)."""

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
