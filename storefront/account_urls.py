"""The shopper's account pages, under /account/ in the `storefront` namespace."""

from django.urls import path

from storefront.views import account as views
from storefront.views.marketing import unsubscribe

urlpatterns = [
    path("", views.account, name="account"),
    path("profile/", views.profile, name="profile"),
    path("wishlist/", views.wishlist, name="wishlist"),
    path("wishlist/add/", views.wishlist_add, name="wishlist_add"),
    path("wishlist/remove/", views.wishlist_remove, name="wishlist_remove"),
    path("wishlist/email/<str:token>/", views.wishlist_email, name="wishlist_email"),
    path("orders/", views.orders, name="account_orders"),
    path("orders/<str:number>/", views.order_detail, name="account_order"),
    path("loyalty/", views.loyalty, name="loyalty"),
    path("timeline/", views.timeline, name="timeline"),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
]
