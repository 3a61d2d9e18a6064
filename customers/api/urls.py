"""Signing in through the API: a token per device for the app or a POS, and the list of signed-in devices."""

from django.urls import path

from customers.api import auth

urlpatterns = [
    path("auth/token/", auth.TokenCreate.as_view(), name="api-auth-token"),
    path("auth/tokens/", auth.TokenList.as_view(), name="api-auth-tokens"),
    path("auth/tokens/<int:pk>/", auth.TokenRevoke.as_view(), name="api-auth-token-revoke"),
]
