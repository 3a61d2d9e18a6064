"""The shop's pages, all under the `storefront` namespace: the catalog, the cart and checkout, and the account."""

from django.urls import include, path

from storefront.views import csrf
from storefront.views import shop as views

app_name = "storefront"

urlpatterns = [
    # The catalog's pages first: the most asked for, and URL resolution tries the patterns in order.
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("p/<slug:slug>/", views.product_detail, name="product"),
    path("search/", views.search, name="search"),
    path("account/", include("storefront.account_urls")),
    path("", include("storefront.cart_urls")),
    path("csrf-token/", csrf.csrf_token, name="csrf_token"),
]
