"""A URL configuration with an endpoint that fails, to see what a 500 under /api/ looks like."""

from django.urls import include, path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny


@api_view(["GET"])
@permission_classes([AllowAny])
def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/boom/", boom), path("", include("config.urls"))]
