"""A cache-based limit on failed staff log-ins per client address at /admin/login/, which allauth's rate limits
do not cover. The per-account limit is the shared lockout in customers/lockout.py."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from core.http import client_ip
from customers.lockout import parse_rate

# One IP may fail this many times the per-account limit (an office behind one address has several staff).
IP_FACTOR = 4


def _count_failure(key: str, period: int) -> None:
    cache.add(key, 0, timeout=period)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)


def admin_login_rate_limited(login_view):
    """Wrap AdminSite.login: after N×4 failures from one client address in the period, answer 429."""

    @wraps(login_view)
    def wrapper(request, extra_context=None):
        if request.method != "POST":
            return login_view(request, extra_context)
        limit, period = parse_rate(settings.LOGIN_RATE_LIMIT)
        ip_key = f"admin-login:ip:{client_ip(request)}"
        if cache.get(ip_key, 0) >= limit * IP_FACTOR:
            site = getattr(login_view, "__self__", None)
            context = site.each_context(request) if site is not None else {}
            context.update({"minutes": max(period // 60, 1), "title": "Log in paused"})
            return render(request, "customers/admin_login_limited.html", context, status=429)
        response = login_view(request, extra_context)
        if not (response.status_code in (301, 302) and request.user.is_authenticated):
            _count_failure(ip_key, period)
        return response

    return wrapper
