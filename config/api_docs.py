"""Redoc at /api/redoc/ from our own origin only: no Google Fonts, and no Redocly logo fetched from its CDN."""

import functools
from pathlib import Path

import drf_spectacular_sidecar
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView

BUNDLE = (
    Path(drf_spectacular_sidecar.__file__).parent / "static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
)
# Redoc always puts this image in its sidebar's "API docs by Redocly" link; an empty picture of our own instead.
REDOCLY_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
NO_LOGO = b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='0' height='0'/%3E"


@functools.cache
def redoc_bundle_bytes() -> bytes:
    """The sidecar's Redoc bundle with the one address it would load from another origin replaced."""
    return BUNDLE.read_bytes().replace(REDOCLY_LOGO, NO_LOGO)


@require_GET
@gzip_page
@cache_control(public=True, max_age=24 * 60 * 60)
def redoc_bundle(request):
    return HttpResponse(redoc_bundle_bytes(), content_type="application/javascript; charset=utf-8")


class RedocView(SpectacularRedocView):
    """drf-spectacular's Redoc page with a head of our own (no fonts from Google) and the bundle above."""

    template_name = "api/redoc.html"

    def _redoc_standalone(self) -> str:
        # The sidecar's version in the address, so that an upgrade is not served from a browser's cache.
        return reverse("api-redoc-bundle") + "?" + urlencode({"v": drf_spectacular_sidecar.__version__})
