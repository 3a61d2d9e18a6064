"""Stock API: locations (public), stock levels and stock changes (staff, by role and store)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core import store_scope
from core.roles import HasPerm
from core.transactions import durable
from inventory import services
from inventory.api import serializers as s
from inventory.api.filters import LocationFilter, StockLevelFilter
from inventory.models import Location, OpeningHours, StockLevel

StaffWithStockView = HasPerm.of("inventory.view_stocklevel")


def _require(request, *, location_id: int, action_name: str) -> None:
    if not store_scope.can_change_stock(request.user, location_id=location_id, action=action_name):
        raise PermissionDenied("Your role does not allow this at that location.")


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    """Stores and warehouses with address, opening hours and click & collect details."""

    permission_classes = [AllowAny]
    serializer_class = s.LocationSerializer
    filterset_class = LocationFilter
    lookup_field = "code"
    queryset = (
        Location.objects.filter(is_active=True)
        .prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
        .order_by("kind", "name")
    )


class StockLevelList(generics.ListAPIView):
    """Stock per SKU and location (staff): on hand, reserved, available in store and online."""

    permission_classes = [StaffWithStockView]
    serializer_class = s.StockLevelSerializer
    filterset_class = StockLevelFilter
    queryset = (
        StockLevel.objects.filter(location__is_active=True)
        .select_related("location", "variant", "variant__product")
        .order_by("location__code", "variant__sku")
    )


# 201: recorded now; 200: a retry with the same reference, answered with the movement the first request made.
STOCK_CHANGE_RESPONSES = {201: s.StockChangeOutput, 200: s.StockChangeOutput}


class _StockChange(APIView):
    """One stock change from the API: validate, check role and store, call the service, answer with the result."""

    permission_classes = [StaffWithStockView]
    input_class: type = s.StockChangeInput
    action_name = ""
    service = staticmethod(lambda **kwargs: None)
    quantity_argument = "quantity"  # stock_adjust takes a signed `delta`

    @durable
    def post(self, request):
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        _require(request, location_id=given["location"].pk, action_name=self.action_name)
        movement = self.service(
            location=given["location"],
            variant=given["sku"],
            reason=given["reason"],
            reference=given["reference"],
            actor=request.user,
            **{self.quantity_argument: given["quantity"]},
        )
        level = StockLevel.objects.select_related("location", "variant", "variant__product").get(
            pk=movement.stock_level_id
        )
        output = s.StockChangeOutput({"stock_level": level, "movement": movement})
        replayed = getattr(movement, "replayed", False)  # a retry with the same reference: the first movement
        return Response(output.data, status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)


@extend_schema_view(post=extend_schema(request=s.ReceiveInput, responses=STOCK_CHANGE_RESPONSES))
class StockReceive(_StockChange):
    """Book goods in at a location (clerk at their own store, or admin)."""

    input_class = s.ReceiveInput
    action_name = store_scope.RECEIVE
    service = staticmethod(services.stock_receive)


@extend_schema_view(post=extend_schema(request=s.AdjustInput, responses=STOCK_CHANGE_RESPONSES))
class StockAdjust(_StockChange):
    """Correct on hand by a signed quantity with a reason (store manager at their store, or admin)."""

    input_class = s.AdjustInput
    action_name = store_scope.ADJUST
    service = staticmethod(services.stock_adjust)
    quantity_argument = "delta"


@extend_schema_view(post=extend_schema(request=s.CountInput, responses=STOCK_CHANGE_RESPONSES))
class StockCount(_StockChange):
    """Record a shelf count: on hand becomes the counted quantity (clerk at their own store, or admin)."""

    input_class = s.CountInput
    action_name = store_scope.COUNT
    service = staticmethod(services.stock_count)
