"""The shopper's own data: /api/v1/me/…"""

from django.urls import path

from customers.api import auth, me

urlpatterns = [
    path("auth/token/", auth.TokenCreate.as_view(), name="api-auth-token"),
    path("me/", me.MeView.as_view(), name="api-me"),
    path("me/wishlist/", me.WishlistView.as_view(), name="api-me-wishlist"),
    path("me/wishlist/<str:sku>/", me.WishlistItemView.as_view(), name="api-me-wishlist-item"),
    path("me/orders/", me.OrdersView.as_view(), name="api-me-orders"),
    path("me/loyalty/", me.LoyaltyView.as_view(), name="api-me-loyalty"),
]
