"""The shop's API for the app: the shopper's own data under /me/ (the catalog is channels' /products/)."""

from django.urls import path

from storefront.api import checkout, me

urlpatterns = [
    path("me/", me.MeView.as_view(), name="api-me"),
    path("me/wishlist/", me.WishlistView.as_view(), name="api-me-wishlist"),
    path("me/wishlist/<str:sku>/", me.WishlistItemView.as_view(), name="api-me-wishlist-item"),
    path("me/orders/", me.OrdersView.as_view(), name="api-me-orders"),
    path("me/orders/<str:number>/", checkout.MyOrderView.as_view(), name="api-me-order"),
    path("me/cart/", checkout.CartView.as_view(), name="api-me-cart"),
    path("me/cart/<str:sku>/", checkout.CartLineView.as_view(), name="api-me-cart-line"),
    path("me/checkout/", checkout.CheckoutView.as_view(), name="api-me-checkout"),
    path("me/loyalty/", me.LoyaltyView.as_view(), name="api-me-loyalty"),
    path("me/loyalty/rewards/", me.LoyaltyRewardsView.as_view(), name="api-me-loyalty-rewards"),
]
