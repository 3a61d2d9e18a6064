"""One failed-login count per account, shared by the shop, the admin and the API token endpoint.

django-axes does the counting: every log-in path here goes through django.contrib.auth.authenticate() with the
request, so its first-in-line backend refuses a locked account and its `user_login_failed` receiver counts the
failure, whichever surface it came from. Its records live in the database, so the lockout holds with Redis down.
This module only tells axes what "an account" is and how a lockout answers.
"""

import re
from datetime import timedelta

from allauth.account.utils import filter_users_by_email
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.shortcuts import render

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/5m" → (10, 300): at most 10 failures per 5 minutes."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*", rate)
    if not match:
        raise ValueError(f"Bad rate {rate!r}; write it like 10/5m")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNITS[unit]


LOCKED_MESSAGE = "Too many failed log-in attempts for this account; log-in is paused for a while."


class LockoutBackend(AxesStandaloneBackend):
    """Refuse locked accounts; callers without a request (scripts, the test client's login) are not counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def account_key(request, credentials: dict | None) -> str | None:
    """The account a login names (by email or username alike), so its web and app failures add up."""
    credentials = credentials or {}
    email = credentials.get("email")
    username = credentials.get("username")
    if not (email or username) and request is not None:
        post = getattr(request, "POST", {})
        login = post.get("login") or post.get("username") or ""
        email, username = (login, None) if "@" in login else (None, login)
    login = (email or username or "").strip()
    if not login:
        return None
    memo = request.__dict__.setdefault("_account_keys", {}) if request is not None else {}
    if login not in memo:
        memo[login] = _resolve(email=email.strip() if email else None, username=login)
    return memo[login]


def _resolve(*, email: str | None, username: str) -> str:
    if email:
        pks = {user.pk for user in filter_users_by_email(email)}
    else:
        pks = set(get_user_model().objects.filter(username=username).values_list("pk", flat=True))
    if len(pks) == 1:
        return f"user:{pks.pop()}"
    # Unknown logins are counted too (by their folded spelling), so a lockout says nothing about existence.
    return f"login:{username.casefold()}"[:255]


def failure_limit(request, credentials) -> int:
    """LOGIN_RATE_LIMIT's count, read at call time."""
    return parse_rate(settings.LOGIN_RATE_LIMIT)[0]


def cool_off(request=None) -> timedelta:
    """LOGIN_RATE_LIMIT's period: failures older than this are forgotten, a lockout ends after it."""
    return timedelta(seconds=parse_rate(settings.LOGIN_RATE_LIMIT)[1])


def lockout_response(request, original_response=None, credentials=None):
    """429 in the caller's language: JSON for the API, the admin's own page for staff, the shop's page otherwise."""
    path = request.path_info
    if path.startswith("/api/"):
        return JsonResponse({"error": "account_locked", "message": LOCKED_MESSAGE}, status=429)
    if path.startswith("/admin/"):
        context = admin.site.each_context(request)
        context.update({"minutes": max(int(cool_off().total_seconds()) // 60, 1), "title": "Log in paused"})
        return render(request, "customers/admin_login_limited.html", context, status=429)
    return render(request, "429.html", status=429)
