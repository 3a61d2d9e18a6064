"""Shop pages built from caches keyed by what they show (core.pagecache), and spoken about in HTTP so a proxy can
keep them too.

- Versions (core.versions) of the structure, the catalog and the stock flags are read once per request; every
  cache key and the ETag contain them, so the next request after a committed change misses.
- Fragments (a category's grid per page and filters, a product page's body, home's content) are cached with
  *slots* instead of what differs per person: `{% csrf_slot %}` and `{% wishlist_slot %}`. `fill_slots` puts
  the request's CSRF token and the shopper's wishlist buttons in, per request.
- Everyone else's page is cached too, as a *shell*: the page with slots for the account links (cart count, log
  out) and messages as well, keyed also by what the view reads of the shopper (signed in or not, home store).
  Filling a shell costs the session, the user and the wishlist, not the templates.
- A visitor without a session or messages cookie sees the same page as every such visitor: that page is
  cached whole (plain and gzip), without a CSRF token (shop.js puts the visitor's own from the CSRF cookie, or
  fetches it, into a form being sent; without JavaScript, storefront.views.csrf asks to confirm once), sent `Cache-Control: public` with an ETag (304 on
  If-None-Match) and Last-Modified. Such a page holds no secret and nothing personal, so compressing it gives
  BREACH nothing to find. Everyone else gets `private, no-store`, uncompressed.
- Every key, and so every ETag, holds the active language (storefront.middleware chose it): a page drawn in
  Norwegian is never served to someone reading English. Responses say `Vary: Accept-Language, Cookie` (the
  middleware), since the browser's languages and the language switch's cookie choose it.
"""

from __future__ import annotations

import gzip
import os
import re
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template.loader import get_template
from django.utils.translation import get_language

from core.pagecache import (
    PAGE_TIMEOUT,
    PAGES,
    PUBLIC_MAX_AGE,
    RECENT,
    RECENT_SEARCHES,
    SEARCH_TIMEOUT,
    SharedAnswer,
    cache_key,
    etag_for,
    from_entry,
    not_modified,
    page_entry,
    page_store,
    public_headers,
)
from core.versions import ALL, version_time, versions_get

CSRF_SLOT = "<!--slot:csrf-->"
ACCOUNT_SLOT = "<!--slot:account-->"
MESSAGES_SLOT = "<!--slot:messages-->"
CART_NOTICE_SLOT = "<!--slot:cart-notice-->"
WISHLIST_SLOT = re.compile(r"<!--slot:wishlist:(\d+):([cf])-->")
EMPTY_TOKEN = '<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-slot>'  # noqa: S105 — no token
# Query parameters the shop's pages understand: other ones are not worth a whole-page cache entry each.
KNOWN_PARAMETERS = frozenset({"page", "sort", "store", "online", "sku", "variant", "picked"})


def is_public(request) -> bool:
    """A GET from a visitor the shop knows nothing about: the page is the same for all of them."""
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


def request_home_store(request):
    """The signed-in shopper's home store among the shop's active stores (its id and name), asked once per request
    (none for a visitor)."""
    if not hasattr(request, "_home_store"):
        from storefront.shopper import shopper_state
        from storefront.structure import request_structure

        store_id = shopper_state(request).home_store_id
        stores = request_structure(request).store_names if store_id else []
        request._home_store = next((store for store in stores if store.pk == store_id), None)
    return request._home_store


class _Asker:
    """The little of a request that the account links and the wishlist buttons show: where to come back to."""

    fills_slots = True  # their forms' tokens are slots too, filled with the rest

    def __init__(self, path: str):
        self.path = path

    def get_full_path(self) -> str:
        return self.path


class _SignedIn:
    is_authenticated = True


@lru_cache(maxsize=512)
def _drawn(name: str, language: str, path: str, signed_in: bool, **shown) -> str:
    """A slot's markup for what it shows, drawn once per process: the arguments are all it depends on (the
    language is the active one, named for the key), so every request that shows the same gets the same."""
    user = _SignedIn() if signed_in else AnonymousUser()
    return get_template(name).render({"request": _Asker(path), "user": user, **shown})


def _account_links(request) -> str:
    """The header's account links of this request: log in, or the shopper's own with cart count and log out."""
    from storefront.carts import cart_count

    signed_in = request.user.is_authenticated
    path = "" if signed_in else request.get_full_path()  # "log in" comes back here
    return _drawn("storefront/_account_links.html", get_language(), path, signed_in, cart_count=cart_count(request))


def _messages(request) -> str:
    storage = get_messages(request)
    return get_template("includes/messages.html").render({"messages": storage}) if storage else ""


def _wishlist_button(request, *, compact: bool, saved: bool, public: bool) -> str:
    signed_in = not public and request.user.is_authenticated
    return _drawn(
        "storefront/_wishlist_button.html",
        get_language(),
        request.get_full_path(),
        signed_in,
        variant="__VARIANT__",
        compact=compact,
        saved=saved,
    )


_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_UNBIASED = 256 - 256 % len(CSRF_ALLOWED_CHARS)  # bytes at or above this would favour the first characters


def masked_token(request) -> str:
    """get_token: the request's CSRF secret under a new random mask, as Django masks it (so its check reads it),
    the mask drawn with one read of the system's randomness where Django makes one per character."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return get_token(request)  # a new secret: Django makes it, and the cookie that carries it
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: the response (re)sets the cookie
    mask: list[int] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [byte % len(CSRF_ALLOWED_CHARS) for byte in os.urandom(48) if byte < _UNBIASED]
    mask = mask[:CSRF_SECRET_LENGTH]
    chars, size = CSRF_ALLOWED_CHARS, len(CSRF_ALLOWED_CHARS)
    cipher = "".join(chars[(_CHAR_INDEX[char] + shift) % size] for char, shift in zip(secret, mask, strict=True))
    return "".join(chars[shift] for shift in mask) + cipher


def fill_slots(request, html: str, *, public: bool) -> str:
    """Put this visitor's wishlist buttons and CSRF token into a page built from shared fragments."""
    if "<!--slot:wishlist:" in html:
        from storefront.shopper import shopper_state

        saved_ids = frozenset() if public else shopper_state(request).wishlist
        buttons: dict[tuple[bool, bool], str] = {}

        def button(match: re.Match) -> str:
            variant_id, compact = int(match.group(1)), match.group(2) == "c"
            state = (compact, variant_id in saved_ids)
            if state not in buttons:
                buttons[state] = _wishlist_button(request, compact=state[0], saved=state[1], public=public)
            return buttons[state].replace("__VARIANT__", str(variant_id))

        html = WISHLIST_SLOT.sub(button, html)
    if not public:
        if ACCOUNT_SLOT in html:
            html = html.replace(ACCOUNT_SLOT, _account_links(request), 1)
        if MESSAGES_SLOT in html:
            html = html.replace(MESSAGES_SLOT, _messages(request), 1)
    if CART_NOTICE_SLOT in html:
        from storefront.cart_notice import notice_html

        html = html.replace(CART_NOTICE_SLOT, "" if public else notice_html(request), 1)
    if CSRF_SLOT in html:
        token = (
            EMPTY_TOKEN
            if public
            else f'<input type="hidden" name="csrfmiddlewaretoken" value="{masked_token(request)}">'
        )
        html = html.replace(CSRF_SLOT, token)
    return html


def _personal_page(request, view, args, kwargs, *, versions: dict, extra, keep: dict) -> HttpResponse:
    """A page for someone the shop knows (a session): the shared shell of this page, filled for this request."""
    signed_in = request.user.is_authenticated
    home_store = request_home_store(request)
    key = cache_key(
        "shell", request.get_full_path(), *versions.values(), extra, signed_in, home_store and home_store.pk
    )
    entry = page_entry(key, **keep)
    if entry is None:
        request.personal_slots = True
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.personal_slots = False  # an error page drawn after this fills nothing
        if response.status_code != 200 or response.streaming:
            response["Cache-Control"] = "private, no-store"
            return response
        entry = {"html": response.content.decode(), "content_type": response["Content-Type"]}
        page_store(key, entry, **keep)
    response = HttpResponse(fill_slots(request, entry["html"], public=False), content_type=entry["content_type"])
    response["Cache-Control"] = "private, no-store"
    return response


def _uncached(request, view, args, kwargs) -> HttpResponse:
    """A page drawn afresh and kept nowhere (the cache is down, or a request a cache must not answer)."""
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming:
        response.content = fill_slots(request, response.content.decode(), public=False)
    response["Cache-Control"] = "private, no-store"
    return response


def _public_page(  # noqa: PLR0913 — the decorator's settings, passed on
    request, view, args, kwargs, *, versions: dict, extra: str, known: bool, age: int, keep: dict, share: dict | None
) -> HttpResponse:
    """A page every visitor without a session sees alike: whole from the cache (plain or gzip), 304 on its ETag."""
    key = cache_key("page", request.get_full_path(), *versions.values(), extra)
    etag = etag_for(key)
    modified = max(version_time(v) for v in versions.values())
    if not_modified(request, etag):
        response = HttpResponseNotModified()
        public_headers(response, etag=etag, modified=modified, max_age=age)
        response["Vary"] = "Accept-Encoding"
        return response
    entry = page_entry(key, **keep) if known else None
    if entry is None:
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        plain = fill_slots(request, response.content.decode(), public=True).encode()
        entry = {
            "plain": plain,
            "gzip": gzip.compress(plain, compresslevel=6, mtime=0),
            "content_type": response["Content-Type"],
        }
        if known:
            page_store(key, entry, **keep)
        if hasattr(request, "session"):
            request.session.accessed = False  # the page was built for no session at all
    response = from_entry(request, entry)
    public_headers(response, etag=etag, modified=modified, max_age=age)
    if known and share is not None:
        request.shared_answer = SharedAnswer(names=tuple(versions), versions=versions, entry=entry, etag=etag, **share)
    return response


def _share(age: int, *, counted: bool, searches: bool) -> dict:
    """How long a public page may be sent again before the stack, and with what Cache-Control: a page whose age is
    counted per request no longer than that age, with what is left of it; another as long as it is kept here."""
    if counted:
        return {"lifetime": age}
    timeout = SEARCH_TIMEOUT if searches else PAGE_TIMEOUT
    return {"lifetime": timeout, "cache_control": f"public, max-age={age}", "searches": searches}


def shop_page(*, key_extra=None, max_age=None, parameters: frozenset[str] = frozenset(), searches: bool = False):
    """Decorate a shop view: versions in `request.versions`, slots filled, whole pages cached for public visitors.

    `key_extra(request)` adds what else the page depends on (e.g. the minute of pickup promises); `max_age(request)`
    caps how long a proxy may keep it. `parameters` are query parameters the view understands besides
    KNOWN_PARAMETERS; `searches`: the page is keyed by whatever was typed, so it is kept for SEARCH_TIMEOUT only
    and apart from the other pages this process keeps.
    """
    understood = KNOWN_PARAMETERS | parameters
    # Its public answer may be sent again before the stack (config.public) unless something else it is keyed by
    # could change while a proxy may keep it.
    shared = key_extra is None or max_age is not None
    keep = (
        {"recent": RECENT_SEARCHES, "timeout": SEARCH_TIMEOUT}
        if searches
        else {"recent": RECENT, "timeout": PAGE_TIMEOUT}
    )

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.fills_slots = True  # templates leave slots ({% csrf_field %}), filled before the page leaves
            try:
                return serve(request, *args, **kwargs)
            finally:
                request.fills_slots = False  # an error page drawn after this has its own token

        def serve(request, *args, **kwargs):
            public = is_public(request)
            if public:
                # Nothing to look up: reading an empty session or message store would only add Vary: Cookie.
                request.user = AnonymousUser()
                request._messages = CookieStorage(request)
            versions = versions_get((*ALL, PAGES))
            request.versions = versions
            known = set(request.GET) <= understood
            if versions is None or (not public and not (known and request.method == "GET")):
                return _uncached(request, view, args, kwargs)
            extra = key_extra(request) if key_extra else ""
            if not public:
                return _personal_page(request, view, args, kwargs, versions=versions, extra=extra, keep=keep)
            age = PUBLIC_MAX_AGE if max_age is None else max_age(request)
            return _public_page(
                request,
                view,
                args,
                kwargs,
                versions=versions,
                extra=extra,
                known=known,
                age=age,
                keep=keep,
                share=_share(age, counted=max_age is not None, searches=searches) if shared else None,
            )

        return wrapper

    return decorate
