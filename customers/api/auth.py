"""Tokens for the app and the POS: trade an email (or staff username) and password for an API token."""

from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.exceptions import DomainError


class LoginRefused(DomainError):
    kind = DomainError.INVALID
    code = "login_refused"


class TokenInput(serializers.Serializer):
    login = serializers.CharField(max_length=254, help_text="Email address (shoppers) or username (staff).")
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


TokenOutput = inline_serializer(
    "TokenOutput", fields={"token": serializers.CharField(), "is_staff": serializers.BooleanField()}
)


def _authenticate(request, *, login: str, password: str):
    """Shoppers sign in by email (as on the web), staff by username."""
    if "@" in login:
        return authenticate(request, email=login.strip(), password=password)
    return authenticate(request, username=login.strip(), password=password)


class TokenCreate(APIView):
    """POST: a token for the app or a POS device. DELETE: sign this token out."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(tags=["auth"], request=TokenInput, responses={200: TokenOutput}, auth=[])
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = _authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            raise LoginRefused("The login or password is not right.")
        if not user.is_staff and not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise LoginRefused("Please confirm your email address first; we sent you a link when you signed up.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "is_staff": user.is_staff})

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else super().get_permissions()

    @extend_schema(tags=["auth"], request=None, responses={204: None})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
