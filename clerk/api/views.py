"""Staff customer API: look a customer up by email, phone, card or name, and read one at a glance."""

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from clerk.selectors import customer_summary, customers_matching, staff_country
from core.roles import HasPerm
from customers.models import Customer
from customers.selectors import lookup_kind
from inventory.models import Location

logger = logging.getLogger(__name__)

CanLookUpCustomers = HasPerm.of("customers.lookup_customer")


def staff_location(user: User | AnonymousUser) -> Location | None:
    """The caller's home store, when their staff profile has one."""
    profile = getattr(user, "staff_profile", None)
    return profile.home_location if profile is not None else None


class LocationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class CustomerMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField(allow_null=True)
    phone = serializers.CharField(allow_null=True, help_text="E.164")
    card_number = serializers.CharField()
    home_store = LocationRefSerializer(allow_null=True)
    last_order_at = serializers.DateTimeField(allow_null=True)


class LookupQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200, help_text="An email, a phone number in any common format, a card number or a name."
    )


class StoreStockSerializer(serializers.Serializer):
    location = LocationRefSerializer()
    available = serializers.IntegerField(source="in_store")


class WishlistEntrySerializer(serializers.Serializer):
    variant_id = serializers.IntegerField(source="item.variant_id")
    sku = serializers.CharField(source="item.variant.sku")
    product = serializers.CharField(source="item.variant.product.name")
    label = serializers.CharField(source="item.variant.label")
    price = serializers.DecimalField(source="item.variant.price", max_digits=12, decimal_places=2)
    source = serializers.CharField(source="item.source")
    added_at = serializers.DateTimeField(source="item.added_at")
    available_here = serializers.IntegerField(source="here", help_text="Units on the shelf at the caller's store.")
    other_stores = StoreStockSerializer(many=True, help_text="Other stores that have it, with units available.")


class OrderSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    last_order_at = serializers.DateTimeField(allow_null=True)
    total_spent = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.SerializerMethodField()

    def get_currency(self, summary) -> str:
        return settings.SHOP_CURRENCY


class OpenPickupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    location = LocationRefSerializer(allow_null=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    placed_at = serializers.DateTimeField()


class CustomerStaffDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="customer.pk")
    display_name = serializers.CharField(source="customer.display_name")
    first_name = serializers.CharField(source="customer.first_name")
    last_name = serializers.CharField(source="customer.last_name")
    email = serializers.EmailField(source="customer.email", allow_null=True)
    phone = serializers.CharField(source="customer.phone", allow_null=True)
    card_number = serializers.CharField(source="customer.card_number")
    has_account = serializers.SerializerMethodField()
    marketing_consent = serializers.BooleanField(source="customer.marketing_consent")
    created_channel = serializers.CharField(source="customer.created_channel")
    created_at = serializers.DateTimeField(source="customer.created_at")
    home_store = LocationRefSerializer(source="customer.home_store", allow_null=True)
    store = LocationRefSerializer(source="location", allow_null=True, help_text="The caller's store.")
    loyalty_balance = serializers.IntegerField()
    orders = OrderSummarySerializer(source="order_summary")
    open_pickups = OpenPickupSerializer(many=True)
    wishlist = WishlistEntrySerializer(many=True)

    def get_has_account(self, summary) -> bool:
        return summary.customer.user_id is not None


class CustomerLookup(generics.ListAPIView):
    """Find customers by email, phone (any common format), card number or name (typos allowed)."""

    permission_classes = [CanLookUpCustomers]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "lookup"
    serializer_class = CustomerMatchSerializer
    filter_backends: list = []

    def get_queryset(self) -> list[Customer]:
        params = LookupQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data["q"]
        country = staff_country(location=staff_location(self.request.user))
        matches = customers_matching(query=query, country=country)
        logger.info(
            "api customer lookup",
            extra={"user_id": self.request.user.pk, "kind": lookup_kind(query=query), "matches": len(matches)},
        )
        return matches

    @extend_schema(
        operation_id="customers_lookup",
        parameters=[
            OpenApiParameter("q", str, required=True, description=LookupQuerySerializer().fields["q"].help_text)
        ],
        tags=["customers (staff)"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CustomerStaffDetail(APIView):
    """A customer at a glance for staff: profile, wishlist with stock at the caller's store, orders, points, pickups."""

    permission_classes = [CanLookUpCustomers]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "lookup"

    @extend_schema(
        operation_id="customers_staff_retrieve", responses=CustomerStaffDetailSerializer, tags=["customers (staff)"]
    )
    def get(self, request, pk: int):
        try:
            summary = customer_summary(customer_id=pk, location=staff_location(request.user))
        except Customer.DoesNotExist:
            raise Http404(gettext("No such customer."))
        logger.info("api customer view", extra={"user_id": request.user.pk, "customer_id": summary.customer.pk})
        return Response(CustomerStaffDetailSerializer(summary).data)
