"""Customer API: the shopper's own data under /me/, and staff look-ups."""

from django.urls import include, path

urlpatterns = [
    path("", include("customers.api.me_urls")),
    path("", include("customers.api.staff_urls")),
]
