"""System checks of the shop's own settings: `manage.py check --deploy` says what production must not keep."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

# Hosts that never reach a shopper: this machine, and the names reserved for examples and tests (RFC 2606, 6761).
LOCAL_NAMES = {"localhost", "example.com", "example.org", "example.net"}
RESERVED_SUFFIXES = (".localhost", ".local", ".example", ".test", ".invalid", ".example.com", ".example.org")


def is_local_or_example(host: str) -> bool:
    """A host no shopper can reach: a loopback or private address, localhost, or an example or test name."""
    host = host.strip("[]").rstrip(".").lower()
    if not host or host in LOCAL_NAMES or host.endswith(RESERVED_SUFFIXES) or "." not in host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified or address.is_link_local


@checks.register(checks.Tags.security, deploy=True)
def check_shop_url(app_configs=None, **kwargs):
    """Links in every email go to SHOP_URL: in production it must be the shop's real https address."""
    parts = urlsplit(settings.SHOP_URL)
    problems = []
    if is_local_or_example(parts.hostname or ""):
        problems.append(
            checks.Warning(
                f"SHOP_URL is {settings.SHOP_URL!r}, a local or example address: links in the shop's emails "
                "would lead nowhere.",
                hint="Set SHOP_URL to the shop's public address, e.g. SHOP_URL=https://shop.your-domain.no",
                id="omnistore.W001",
            )
        )
    elif parts.scheme != "https":
        problems.append(
            checks.Warning(
                f"SHOP_URL is {settings.SHOP_URL!r}: links in emails should use https.",
                hint="Start SHOP_URL with https://",
                id="omnistore.W002",
            )
        )
    return problems
