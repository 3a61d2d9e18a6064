"""/api/v1/me/…: the logged-in shopper's own profile, wishlist, orders and loyalty, for the app and the browser.

There is no customer id anywhere in these URLs: the caller's own profile comes from the session or token.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.authentication import TokenAuthentication
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from catalog.models import Variant
from core.api_filters import query_digits
from core.transactions import durable
from customers import services
from customers.api.serializers import MeSerializer, WishlistAddSerializer, WishlistItemSerializer
from customers.exceptions import NoCustomerProfile
from customers.models import Channel, Customer, WishlistItem
from customers.selectors import customer_of_user
from loyalty.api.serializers import LoyaltySerializer, RewardCreateSerializer, RewardSerializer
from loyalty.selectors import loyalty_card, points_entries, rewards_open
from loyalty.services import reward_create
from orders.api.serializers import OrderSerializer
from returns.selectors import order_history_for_customer


class WriteThrottle(ScopedRateThrottle):
    """A scoped rate that counts only writes, so reading one's own profile is never limited by changing it (the rates
    live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])."""

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


def own_customer(request) -> Customer:
    """The caller's customer profile; 404 JSON while the email is not verified yet."""
    customer = customer_of_user(request.user)
    if customer is None:
        raise NoCustomerProfile("You have no customer profile yet: verify your email address first.")
    return customer


def _channel(request) -> str:
    return Channel.APP if isinstance(request.successful_authenticator, TokenAuthentication) else Channel.WEB


class MeView(APIView):
    permission_classes = [IsAuthenticated]
    serializer_class = MeSerializer
    # Each refused phone number tells that it is someone's: changes are few per hour, so that says little.
    throttle_classes = [WriteThrottle]
    throttle_scope = "profile_change"

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(own_customer(request)).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    @durable
    def patch(self, request):
        customer = own_customer(request)
        serializer = MeSerializer(customer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.customer_update_profile(
            customer=customer,
            first_name=data.get("first_name", customer.first_name),
            last_name=data.get("last_name", customer.last_name),
            phone=data.get("phone", customer.phone),
            marketing_consent=data.get("marketing_consent"),  # absent: left as it stands, not re-sent as read
            home_store=data.get("home_store", customer.home_store),
            language=data.get("language"),  # absent: left as it stands
            channel=_channel(request),
        )
        return Response(MeSerializer(customer).data)


class WishlistView(ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = WishlistItemSerializer
    filter_backends = []

    def get_queryset(self):
        return own_customer(self.request).wishlist_items.select_related("variant__product").order_by("-added_at", "-pk")

    @extend_schema(request=WishlistAddSerializer, responses={201: WishlistItemSerializer, 200: WishlistItemSerializer})
    @durable
    def post(self, request):
        """Add a SKU; 201 when it is new on the list, 200 when it was already there, 409 when it is no longer sold."""
        customer = own_customer(request)
        payload = WishlistAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        variant = get_object_or_404(Variant.objects.select_related("product"), sku=payload.validated_data["sku"])
        source = WishlistItem.Source.APP if _channel(request) == Channel.APP else WishlistItem.Source.WEB
        item, created = services.wishlist_add(customer=customer, variant=variant, source=source)
        return Response(
            WishlistItemSerializer(item).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class WishlistItemView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    @durable
    def delete(self, request, sku: str):
        """Take a SKU off the caller's own wishlist; 404 when it is not on it."""
        customer = own_customer(request)
        item = get_object_or_404(
            WishlistItem.objects.select_related("variant__product"), customer=customer, variant__sku=sku
        )
        services.wishlist_remove(customer=customer, variant=item.variant)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrdersView(ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer
    filter_backends = []

    def get_queryset(self):
        return order_history_for_customer(own_customer(self.request), channel=self.request.query_params.get("channel"))


class LoyaltyView(APIView):
    permission_classes = [IsAuthenticated]
    entries_per_page = 50

    @extend_schema(
        responses=LoyaltySerializer,
        parameters=[OpenApiParameter("page", int, description="A page of the history; past the last, the last.")],
    )
    def get(self, request):
        """Card, balance, tier, open reward codes and one page of the history; a constant number of queries."""
        customer = own_customer(request)
        card = loyalty_card(customer=customer)
        page = Paginator(points_entries(customer=customer), self.entries_per_page).get_page(
            query_digits(request, "page")
        )
        data = {
            "card_number": card.card_number,
            "balance": card.balance,
            "worth": card.worth,
            "tier": card.tier,
            "rewards": rewards_open(customer=customer),
            "entries": list(page.object_list),
            "entries_count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
        }
        return Response(LoyaltySerializer(data).data)


class LoyaltyRewardsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=RewardCreateSerializer, responses={201: RewardSerializer})
    @durable
    def post(self, request):
        """Turn points into a single-use reward code; 400 for a wrong number of points or not enough of them."""
        customer = own_customer(request)
        payload = RewardCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reward = reward_create(customer=customer, points=payload.validated_data["points"])
        return Response(RewardSerializer(reward).data, status=status.HTTP_201_CREATED)
