"""How the real client address is read, in one place, so every limiter keys on the same thing."""

from django.conf import settings
from ipware import get_client_ip

UNKNOWN_CLIENT = "0.0.0.0"  # noqa: S104 — a placeholder value, never bound to


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the hop TRUSTED_PROXY_COUNT from the right of X-Forwarded-For."""
    request = getattr(request, "_request", request)  # a DRF Request wraps the Django one
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        # Each trusted proxy appends the address it saw, and the last proxy is REMOTE_ADDR itself, so the
        # client is the proxies-th entry from the right; anything further left was written by the client.
        ip, _ = get_client_ip(
            request, proxy_count=proxies - 1, request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False
        )
        if ip:
            return ip
    ip, _ = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    # Without a readable address every such caller shares one limit, and the value stays a valid address for the
    # places that store it (the login lockout's records).
    return ip or UNKNOWN_CLIENT
