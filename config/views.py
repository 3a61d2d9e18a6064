"""Operator endpoints."""

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Report database and Redis state; 503 when the database, the source of truth, is down."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means "down" to an operator
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
        checks["redis"] = "ok"
    except Exception as exc:
        checks["redis"] = f"error: {exc.__class__.__name__}"
    healthy = checks["database"] == "ok"
    body = {"status": "ok" if healthy and checks["redis"] == "ok" else ("degraded" if healthy else "down"), **checks}
    return JsonResponse(body, status=200 if healthy else 503)


def bench_trivial(request):
    """The stack's ceiling for `make bench`: the whole middleware chain, no template and no database."""
    return HttpResponse(b"ok", content_type="text/plain")
