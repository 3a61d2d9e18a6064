"""The shopper's own data: /api/v1/me/…"""

from django.urls import path

from customers.api import me

urlpatterns = [
    path("me/", me.MeView.as_view(), name="api-me"),
    path("me/wishlist/", me.WishlistView.as_view(), name="api-me-wishlist"),
    path("me/wishlist/<str:sku>/", me.WishlistItemView.as_view(), name="api-me-wishlist-item"),
    path("me/orders/", me.OrdersView.as_view(), name="api-me-orders"),
    path("me/loyalty/", me.LoyaltyView.as_view(), name="api-me-loyalty"),
]
