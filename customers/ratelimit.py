"""A cache-based limit on failed staff log-ins at /admin/login/, which allauth's rate limits do not cover."""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# One IP may fail this many times the per-username limit (an office behind one address has several staff).
IP_FACTOR = 4


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/5m" → (10, 300): at most 10 failures per 5 minutes."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*", rate)
    if not match:
        raise ValueError(f"Bad rate {rate!r}; write it like 10/5m")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNITS[unit]


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _keys(request) -> tuple[str, str]:
    ip = _client_ip(request)
    username = (request.POST.get("username") or "").strip().casefold()
    digest = hashlib.sha256(f"{ip}|{username}".encode()).hexdigest()[:32]
    return f"admin-login:user:{digest}", f"admin-login:ip:{ip}"


def _count_failure(key: str, period: int) -> None:
    cache.add(key, 0, timeout=period)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)


def admin_login_rate_limited(login_view):
    """Wrap AdminSite.login: after N failures per IP+username (or N×4 per IP) in the period, answer 429."""

    @wraps(login_view)
    def wrapper(request, extra_context=None):
        if request.method != "POST":
            return login_view(request, extra_context)
        limit, period = parse_rate(settings.LOGIN_RATE_LIMIT)
        user_key, ip_key = _keys(request)
        if cache.get(user_key, 0) >= limit or cache.get(ip_key, 0) >= limit * IP_FACTOR:
            site = getattr(login_view, "__self__", None)
            context = site.each_context(request) if site is not None else {}
            context.update({"minutes": max(period // 60, 1), "title": "Log in paused"})
            return render(request, "customers/admin_login_limited.html", context, status=429)
        response = login_view(request, extra_context)
        if response.status_code in (301, 302) and request.user.is_authenticated:
            cache.delete(user_key)
        else:
            _count_failure(user_key, period)
            _count_failure(ip_key, period)
        return response

    return wrapper
