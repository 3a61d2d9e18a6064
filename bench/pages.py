"""The storefront pages `make bench` measures, and what each costs in this process: queries and milliseconds."""

import statistics
import time
from dataclasses import dataclass

HOST = "127.0.0.1"
SHOPPER_EMAIL = "shopper@example.com"
SEARCH_WORD = "Fjord"  # an adjective of the scale catalog: a few hundred matches


@dataclass
class Page:
    name: str
    path: str
    signed_in: bool = False


@dataclass
class InProcess:
    queries: int | None
    status: str
    warm_ms: float | None
    cold_ms: float | None
    page_miss_ms: float | None = None  # whole-page cache missed, fragment and data caches warm


def share_of(rps: float | None, ceiling: float | None) -> float | None:
    """A page's req/s as a share of the trivial view's in the same run; None when either is unknown."""
    if not rps or not ceiling:
        return None
    return rps / ceiling


def median_ms(seconds: list[float]) -> float | None:
    return statistics.median(seconds) * 1000 if seconds else None


def pages() -> tuple[list[Page], list[str]]:
    """The trivial view, then the pages found in the scale data; those that cannot be found are named, not measured."""
    from django.urls import NoReverseMatch

    from catalog.models import Category, Product

    found = [Page("trivial view", "/bench/trivial"), Page("home", "/")]
    skipped = []
    category = Category.objects.filter(slug="scale-outdoor").first()  # ~1,700 products: a full page of 24 cards
    product = Product.objects.filter(slug__startswith="s-000001-").first()
    for name, obj in (("category page (24 cards)", category), ("product page", product)):
        try:
            found.append(Page(name, obj.get_absolute_url()))
        except (AttributeError, NoReverseMatch):
            skipped.append(name)
    found.append(Page("search", f"/search/?q={SEARCH_WORD}"))
    found.append(Page("API product list", "/api/v1/products/"))
    found.append(Page("wishlist (signed in)", "/account/wishlist/", signed_in=True))
    # The same shop pages for a signed-in shopper: wishlist hearts, cart count, their home store's stock.
    for name, obj in (("category page (signed in)", category), ("product page (signed in)", product)):
        if obj is not None:
            found.append(Page(name, obj.get_absolute_url(), signed_in=True))
    return found, skipped


def clients():
    """An anonymous test client and one signed in as the demo shopper (None when that login is missing)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    anonymous = Client(HTTP_HOST=HOST)
    user = get_user_model().objects.filter(email__iexact=SHOPPER_EMAIL).first()
    if user is None:
        return anonymous, None
    shopper = Client(HTTP_HOST=HOST)
    shopper.force_login(user)  # a session row in the database: gunicorn accepts its cookie too
    return anonymous, shopper


def session_cookie(client) -> str:
    """The Cookie header that carries the signed-in client's session to wrk."""
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _timed_get(client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path)
    return time.perf_counter() - started, response.status_code


def clear_caches() -> None:
    """Every configured cache empty (Redis: FLUSHDB of the bench's own database)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def drop_whole_pages() -> None:
    """A new version of whole pages only: the next request renders its page again from warm fragments."""
    try:
        from core.pagecache import PAGES
        from core.versions import version_bump
    except ImportError:
        return
    version_bump(PAGES)


def _timings(client, path: str, *, runs: int, max_seconds: float, before=None) -> list[float]:
    """Up to `runs` timed requests of `path` within `max_seconds`; `before` runs ahead of each, untimed."""
    deadline = time.monotonic() + max_seconds
    timings = []
    for _ in range(runs):
        if time.monotonic() > deadline:
            break
        if before is not None:
            before()
        timings.append(_timed_get(client, path)[0])
    return timings


def in_process(client, path: str, *, warm_runs: int, cold_runs: int, max_seconds: float) -> InProcess:
    """Queries of one warm request, the median warm request, the median request whose whole-page cache missed
    (fragments warm), and the median request after clearing every cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        queries, status = len(captured), str(response.status_code)
        warm = _timings(client, path, runs=warm_runs, max_seconds=max_seconds)
        page_miss = _timings(client, path, runs=warm_runs, max_seconds=max_seconds, before=drop_whole_pages)
        cold = _timings(client, path, runs=cold_runs, max_seconds=max_seconds, before=clear_caches)
    except Exception as exc:  # a broken page is a figure too: report it and measure the others
        return InProcess(None, f"error: {exc.__class__.__name__}: {exc}"[:120], None, None)
    return InProcess(queries, status, median_ms(warm), median_ms(cold), median_ms(page_miss))
