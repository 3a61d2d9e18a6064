"""Tokens for the app and the POS: trade an email (or staff username) and password for a token of this device;
list and sign out one's own devices."""

from allauth.account.models import EmailAddress
from axes.utils import reset as axes_reset
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.api_keys import api_key_create, api_key_revoke, api_keys_revoke
from core.exceptions import DomainError
from core.http import client_ip
from core.models import ApiKey
from customers.lockout import LOCKED_MESSAGE, account_key


class LoginRefused(DomainError):
    kind = DomainError.INVALID
    code = "login_refused"


class AccountLocked(DomainError):
    kind = DomainError.RATE_LIMITED
    code = "account_locked"


class TokenNotFound(DomainError):
    kind = DomainError.NOT_FOUND
    code = "not_found"


class LoginThrottle(ScopedRateThrottle):
    """Per client address as core.http.client_ip reads it (TRUSTED_PROXY_COUNT), like every other limiter."""

    def get_ident(self, request):
        return client_ip(request)


class TokenInput(serializers.Serializer):
    login = serializers.CharField(max_length=254, help_text="Email address (shoppers) or username (staff).")
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)
    device = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="A name for this device, shown in the list of tokens.",
    )


TokenOutput = inline_serializer(
    "TokenOutput",
    fields={
        "token": serializers.CharField(),
        "is_staff": serializers.BooleanField(),
        "expires_at": serializers.DateTimeField(),
        "rolling": serializers.BooleanField(help_text="Each use pushes expires_at forward."),
    },
)


class TokenListItem(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text="The token this request was made with.")
    expires_at = serializers.DateTimeField()  # a person's key always expires

    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at", "rolling", "current"]
        # As the app has always been told: a person's keys show 8 characters (a device's `dev_` and 8).
        extra_kwargs = {"name": {"help_text": "The device or app that signed in."}, "prefix": {"max_length": 8}}

    def get_current(self, obj) -> bool:
        return obj.pk == getattr(self.context["request"].auth, "pk", None)


def _authenticate(request, *, login: str, password: str):
    """Shoppers sign in by email (as on the web), staff by username."""
    if "@" in login:
        return authenticate(request, email=login.strip(), password=password)
    return authenticate(request, username=login.strip(), password=password)


class TokenCreate(APIView):
    """POST: a token for the app or a POS device. DELETE: sign this token out."""

    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]
    throttle_scope = "login"

    @extend_schema(tags=["auth"], request=TokenInput, responses={200: TokenOutput}, auth=[])
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        device = data.validated_data.pop("device")
        user = _authenticate(request._request, **data.validated_data)
        if getattr(request._request, "axes_locked_out", False):
            raise AccountLocked(LOCKED_MESSAGE)
        if user is None or not user.is_active:
            raise LoginRefused("The login or password is not right.")
        if not user.is_staff and not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise LoginRefused("Please confirm your email address first; we sent you a link when you signed up.")
        # A right password clears the account's failures, as a web log-in does.
        if key := account_key(request._request, {"username": user.get_username()}):
            axes_reset(username=key)
        token, secret = api_key_create(user=user, name=device, rolling=not user.is_staff)
        return Response(
            {"token": secret, "is_staff": user.is_staff, "expires_at": token.expires_at, "rolling": token.rolling}
        )

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else super().get_permissions()

    @extend_schema(tags=["auth"], request=None, responses={204: None})
    def delete(self, request):
        """Only the token this request carries: the user's other devices stay signed in."""
        if isinstance(request.auth, ApiKey):
            api_key_revoke(api_key=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenList(generics.ListAPIView):
    """The caller's signed-in devices."""

    permission_classes = [IsAuthenticated]
    serializer_class = TokenListItem
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return ApiKey.objects.filter(user=self.request.user, revoked_at__isnull=True)

    @extend_schema(tags=["auth"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TokenRevoke(APIView):
    """Sign one of the caller's devices out."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["auth"], request=None, responses={204: None})
    def delete(self, request, pk: int):
        if not api_keys_revoke(user=request.user, key_id=pk):
            raise TokenNotFound("No such token.")
        return Response(status=status.HTTP_204_NO_CONTENT)
