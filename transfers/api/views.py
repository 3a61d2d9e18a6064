"""Transfer API (staff, by role and store): draft, list, ship, receive, cancel."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from inventory.api.views import StaffWithStockView
from inventory.services import StockLine
from transfers import permissions, services
from transfers.api.filters import TransferFilter
from transfers.api.serializers import TransferSerializer
from transfers.models import Transfer, TransferLine


class TransferViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Transfers between locations: create (as can_draft_transfer allows), ship, receive (at the destination), cancel."""

    permission_classes = [StaffWithStockView]
    serializer_class = TransferSerializer
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

    def _step(self, request, *, service, location_field: str, perm: str):
        transfer = self.get_object()
        if not permissions.may_at(request.user, perm, location_id=getattr(transfer, location_field)):
            raise PermissionDenied("Your role does not allow this at that location.")
        service(transfer=transfer, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=transfer.pk)).data)

    @extend_schema(request=None, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def ship(self, request, pk=None):
        return self._step(request, service=services.transfer_ship, location_field="source_id", perm=permissions.SEND)

    @extend_schema(request=None, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        return self._step(
            request, service=services.transfer_receive, location_field="destination_id", perm=permissions.RECEIVE
        )

    @extend_schema(request=None, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(request, service=services.transfer_cancel, location_field="source_id", perm=permissions.SEND)
