"""Stock API: locations (public), stock levels and stock changes (staff, by role and store), transfers."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.roles import HasPerm
from core.transactions import durable
from inventory import permissions, services
from inventory.api import serializers as s
from inventory.api.filters import LocationFilter, StockLevelFilter, TransferFilter
from inventory.models import Location, OpeningHours, StockLevel, Transfer, TransferLine
from inventory.services import StockLine

StaffWithStockView = HasPerm.of("inventory.view_stocklevel")


def _require(request, *, location_id: int, action_name: str) -> None:
    if not permissions.can_change_stock(request.user, location_id=location_id, action=action_name):
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
    action_name = permissions.RECEIVE
    service = staticmethod(services.stock_receive)


@extend_schema_view(post=extend_schema(request=s.AdjustInput, responses=STOCK_CHANGE_RESPONSES))
class StockAdjust(_StockChange):
    """Correct on hand by a signed quantity with a reason (store manager at their store, or admin)."""

    input_class = s.AdjustInput
    action_name = permissions.ADJUST
    service = staticmethod(services.stock_adjust)
    quantity_argument = "delta"


@extend_schema_view(post=extend_schema(request=s.CountInput, responses=STOCK_CHANGE_RESPONSES))
class StockCount(_StockChange):
    """Record a shelf count: on hand becomes the counted quantity (clerk at their own store, or admin)."""

    input_class = s.CountInput
    action_name = permissions.COUNT
    service = staticmethod(services.stock_count)


class TransferViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Transfers between locations: create (as can_draft_transfer allows), ship, receive (at the destination), cancel."""

    permission_classes = [StaffWithStockView]
    serializer_class = s.TransferSerializer
    filterset_class = TransferFilter
    queryset = (
        Transfer.objects.select_related("source", "destination")
        .prefetch_related(Prefetch("lines", queryset=TransferLine.objects.select_related("variant").order_by("pk")))
        .order_by("-created_at", "-pk")
    )

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        source, destination = data.validated_data["source"], data.validated_data["destination"]
        if not permissions.can_draft_transfer(request.user, source=source, destination=destination):
            raise PermissionDenied(permissions.DRAFT_TRANSFER_REFUSED)
        transfer = services.transfer_create(
            source=source,
            destination=destination,
            lines=[StockLine(line["variant"].pk, line["quantity"]) for line in data.validated_data["lines"]],
            note=data.validated_data.get("note", ""),
            actor=request.user,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=transfer.pk)).data, status=201)

    def _step(self, request, *, service, location_field: str, action_name: str):
        transfer = self.get_object()
        _require(request, location_id=getattr(transfer, location_field), action_name=action_name)
        service(transfer=transfer, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=transfer.pk)).data)

    @extend_schema(request=None, responses={200: s.TransferSerializer})
    @action(detail=True, methods=["post"])
    def ship(self, request, pk=None):
        return self._step(
            request, service=services.transfer_ship, location_field="source_id", action_name=permissions.TRANSFER
        )

    @extend_schema(request=None, responses={200: s.TransferSerializer})
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        return self._step(
            request,
            service=services.transfer_receive,
            location_field="destination_id",
            action_name=permissions.TRANSFER_RECEIVE,
        )

    @extend_schema(request=None, responses={200: s.TransferSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(
            request, service=services.transfer_cancel, location_field="source_id", action_name=permissions.TRANSFER
        )
