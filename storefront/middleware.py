"""The language of every page, API answer and error page, chosen per request; URLs stay the same in every language.

In this order: the language saved on the signed-in customer's profile, the `django_language` cookie that the
language switch sets (Django's `set_language`, wired as /i18n/setlang/), the browser's Accept-Language, and the
shop's own (SHOP_LANGUAGE). The API's token callers are authenticated by DRF inside the view, after this runs:
their answers follow Accept-Language, as an app sends it.

Every response says it varies with Accept-Language and Cookie, and the shop's page cache keys every page and
fragment by the active language (storefront.pagecache.cache_key), so a page drawn in one language is never served
in another.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import DEFAULT_CACHE_ALIAS
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.pagecache import PAGES
from core.versions import ALL, read_ahead
from customers.language import language_supported
from storefront.sessions import SessionStore
from storefront.shopper import shopper_state, shopper_state_key, shopper_version

# What browsers send for Norwegian besides nb; the shop speaks Bokmål to them when it speaks it at all.
ALIASES = {"no": "nb", "nn": "nb"}


def accepted_languages(header: str) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first (q=0 left out), lower-cased."""
    ranked = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def supported_variant(tag: str | None) -> str:
    """The shop's language for a tag: itself, its language without the region (nb-NO → nb), or an alias (no → nb)."""
    if not tag:
        return ""
    tag = tag.lower().replace("_", "-")
    base = tag.split("-", 1)[0]
    for code in (tag, base, ALIASES.get(base, "")):
        if language_supported(code):
            return code
    return ""


def request_language(request) -> str:
    """The language this request is answered in (see the module's docstring for the order)."""
    # Only a request with a session can be signed in; asking a visitor's empty session would add nothing.
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        language = language_supported(shopper_state(request).language)
        if language:
            return language
    language = supported_variant(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if language:
        return language
    for tag in accepted_languages(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        language = supported_variant(tag)
        if language:
            return language
    return settings.LANGUAGE_CODE


# Which user each session named when last seen by this process, by the hash of its key: only a guess of what to
# read ahead with the session, which itself is always read anew.
_NAMED: dict[int, object] = {}
NAMED_MAX = 5000


def _user_reads(user_id) -> dict:
    """What a signed-in shopper's request reads first: their user (customers.auth keeps it under the version
    `user:<id>`) and their shopper state."""
    return {
        "names": (f"user:{user_id}", shopper_version(user_id)),
        "keys": (f"auth-user:{user_id}", shopper_state_key(user_id)),
    }


def first_reads(request) -> dict:
    """What a request with a session reads of the cache first, to be read ahead in one round trip: the session,
    the versions of what the shop's pages show and, for the user the session named last time, their own reads
    (_user_reads). A visitor without a session reads nothing ahead (a page is its only read)."""
    session = getattr(request, "session", None)
    if (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        or request.method not in ("GET", "HEAD")
        or not isinstance(session, SessionStore)
        or not session.session_key
        or settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS
    ):
        return {}
    guess = _NAMED.get(hash(session.session_key))
    reads = _user_reads(guess) if guess is not None else {"names": (), "keys": ()}
    return {"names": (*ALL, PAGES, *reads["names"]), "keys": (session.cache_key, *reads["keys"])}


def session_user_reads(request) -> dict:
    """The session's user's own reads, unless they were read ahead with the session (the user it named before)."""
    try:
        user_id = get_user_model()._meta.pk.to_python(request.session.get(SESSION_KEY))
    except ValidationError:  # a session that names no user the way Django would read it: auth decides, as ever
        return {}
    key = hash(request.session.session_key)
    if _NAMED.get(key) == user_id:
        return {}
    if len(_NAMED) >= NAMED_MAX:
        _NAMED.clear()  # only guesses: forgetting them costs each session one more round trip, once
    _NAMED[key] = user_id
    return {} if user_id is None else _user_reads(user_id)


class ShopLanguageMiddleware:
    """Activate the request's language while it is answered, then give the thread back its own. A request with a
    session reads the session, the user, the shopper and the versions ahead together (first_reads)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        first = first_reads(request)
        with read_ahead(**first), read_ahead(**(session_user_reads(request) if first else {})):
            language = request_language(request)
            request.LANGUAGE_CODE = language
            with translation.override(language):
                response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response
