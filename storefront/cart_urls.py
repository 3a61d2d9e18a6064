"""The cart, checkout and a guest's order page, in the `storefront` namespace."""

from django.urls import path

from storefront.views import cart, checkout

urlpatterns = [
    path("cart/", cart.cart, name="cart"),
    path("cart/add/", cart.cart_add, name="cart_add"),
    path("cart/update/", cart.cart_update, name="cart_update"),
    path("cart/remove/", cart.cart_remove, name="cart_remove"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("checkout/done/<str:number>/", checkout.confirmation, name="checkout_confirmation"),
    path("orders/<str:token>/", checkout.guest_order, name="guest_order"),
]
