"""/api/v1/: each app and surface contributes its own routes; the root lists them."""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView


class ApiRoot(APIView):
    """What the API offers: every endpoint without a parameter, with its address, and where the docs are."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        endpoints = {route: request.build_absolute_uri(f"/api/v1/{route}") for route in _plain_routes(urlpatterns[1:])}
        return Response(
            {
                "endpoints": dict(sorted(endpoints.items())),
                "schema": reverse("api-schema", request=request),
                "docs": reverse("api-docs", request=request),
            }
        )


def _plain_routes(patterns, prefix=""):
    """Routes that take no parameter, as paths under /api/v1/ (router patterns are regular expressions)."""
    for entry in patterns:
        route = str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _plain_routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(" not in route and route.endswith("/"):
            yield prefix + route


urlpatterns = [
    path("", ApiRoot.as_view(), name="api-root"),
    path("", include("channels.api.urls")),  # the catalog first: the most asked for (no route of it is another's)
    path("", include("storefront.api.urls")),
    path("", include("inventory.api.urls")),
    path("", include("transfers.api.urls")),
    path("", include("customers.api.urls")),
    path("", include("clerk.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("returns.api.urls")),
    path("", include("pickup.api.urls")),
]
