"""/feeds/…: what Google Merchant Center and Meta Commerce Manager fetch on their schedules."""

from django.urls import path

from channels.feeds import views

app_name = "feeds"

urlpatterns = [
    path("google/products.xml", views.google_products, name="google-products"),
    path("google/local-inventory.tsv", views.google_local_inventory, name="google-local"),
    path("meta/products.csv", views.meta_products, name="meta-products"),
]
