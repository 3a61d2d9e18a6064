"""/api/v1/: each app and surface contributes its own routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("storefront.api.urls")),
    path("", include("inventory.api.urls")),
    path("", include("customers.api.urls")),
    path("", include("clerk.api.urls")),
]
