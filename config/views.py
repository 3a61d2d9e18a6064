"""Operator endpoints."""

import asyncio

import psycopg
import redis
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.views.decorators.cache import never_cache


def _redis_ping(url: str) -> str:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
        return "ok"
    except Exception as exc:  # any client error means "down" to an operator
        return f"error: {exc.__class__.__name__}"


def _database_ping(*, timeout: float) -> str:
    """Connect and `SELECT 1` within `timeout` seconds, on a connection of its own.

    Not the pool's: while the database is down every request waits the pool's timeout for a connection,
    and a probe must answer sooner. libpq's connect_timeout is whole seconds, 2 at least, hence asyncio.
    """
    params = connection.get_connection_params()
    for django_only in ("cursor_factory", "context"):
        params.pop(django_only, None)

    async def ping() -> None:
        async with asyncio.timeout(timeout):
            async with await psycopg.AsyncConnection.connect(**params, autocommit=True) as probe:
                await probe.execute("SELECT 1")

    try:
        asyncio.run(ping())
        return "ok"
    except Exception as exc:  # any driver error or the timeout means "down" to an operator
        return f"error: {exc.__class__.__name__}"


@never_cache
def healthz(request):
    """Report database, cache and broker state; 503 when the database, the source of truth, is down.

    With Redis or the broker down the shop still serves pages and takes orders (the cache reads as empty,
    mail waits in the outbox), so that is 200 "degraded", not 503.
    """
    checks = {"database": _database_ping(timeout=settings.HEALTHZ_DATABASE_TIMEOUT)}
    checks["redis"] = _redis_ping(settings.REDIS_URL)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = "inline"
    elif settings.CELERY_BROKER_URL == settings.REDIS_URL:
        checks["broker"] = checks["redis"]
    elif settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        checks["broker"] = _redis_ping(settings.CELERY_BROKER_URL)
    else:
        checks["broker"] = "unchecked"
    healthy = checks["database"] == "ok"
    degraded = checks["redis"] != "ok" or checks["broker"].startswith("error")
    body = {"status": "down" if not healthy else ("degraded" if degraded else "ok"), **checks}
    return JsonResponse(body, status=200 if healthy else 503)


def bench_trivial(request):
    """The stack's ceiling for `make bench`: the whole middleware chain, no template and no database."""
    if not settings.BENCH_TRIVIAL_VIEW:
        raise Http404("Not enabled.")
    return HttpResponse(b"ok", content_type="text/plain")


# Staff bookmarks from before these models left their first app keep working: old app → {model: its app now}.
MOVED_ADMIN_MODELS = {
    "orders": {
        "paymentrefund": "payments",
        "stripeevent": "payments",
        "deviceclient": "channels",
        "storesale": "channels",
        "return": "returns",
        "returnline": "returns",
        "boughttogether": "marketing",
        "wishlistalert": "marketing",
        "marketingemail": "marketing",
        "customersegment": "marketing",
    },
    "inventory": {"transfer": "transfers"},
}


def moved_admin_redirect(request, old_app: str, model: str, rest: str):
    """301 from /admin/<old app>/<model>/… to the model's new app, keeping the rest of the path and the query."""
    query = request.META.get("QUERY_STRING", "")
    target = f"/admin/{MOVED_ADMIN_MODELS[old_app][model]}/{model}/{rest}" + (f"?{query}" if query else "")
    return HttpResponsePermanentRedirect(target)
