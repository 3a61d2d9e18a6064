"""Signing in through the API: a token for the app or a POS device."""

from django.urls import path

from customers.api import auth

urlpatterns = [
    path("auth/token/", auth.TokenCreate.as_view(), name="api-auth-token"),
]
