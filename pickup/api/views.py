"""Pickup API for the store app: the queue, the steps, and collect by code; staff only, by the per-store rule
(core.store_scope): they read their own store's pickups (managers every store's) and work their own store's."""

from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core import store_scope
from core.http import client_ip
from core.roles import HasPerm, is_staff_with
from inventory.models import Location
from pickup import selectors, services
from pickup.api.serializers import CollectInput, StaffPickupSerializer
from pickup.models import Pickup

AT = ("location",)  # a pickup is its store's
STEPS = {
    "picking": ("pickup.prepare_pickup", services.pickup_start_picking),
    "ready": ("pickup.prepare_pickup", services.pickup_mark_ready),
    "cancel": ("pickup.cancel_pickup", services.pickup_cancel),
}


def _scoped(request, queryset):
    """The caller's own store's pickups, or every store's for staff who read them all."""
    return store_scope.scope_seen(queryset, user=request.user, paths=AT)


class PickupFilter(filters.FilterSet):
    location = filters.CharFilter(field_name="location__code", help_text="Store code, e.g. OSL1.")
    status = filters.MultipleChoiceFilter(choices=Pickup.Status.choices)
    due_before = filters.IsoDateTimeFilter(field_name="ready_by", lookup_expr="lte", help_text="Ready-by at or before.")


class PickupList(generics.ListAPIView):
    """Pickups at the caller's store (every store for store managers), soonest due first."""

    permission_classes = [HasPerm.of("pickup.view_pickup")]
    serializer_class = StaffPickupSerializer
    filterset_class = PickupFilter

    def get_queryset(self):
        return _scoped(self.request, selectors.pickups_for_staff())


class PickupStep(APIView):
    """POST …/picking/, …/ready/ or …/cancel/: one step of one pickup, through the order services."""

    permission_classes = [HasPerm.of("pickup.view_pickup")]
    step = ""

    @extend_schema(request=None, responses=StaffPickupSerializer)
    def post(self, request, number: str):
        perm, service = STEPS[self.step]
        if not is_staff_with(request.user, perm):
            raise PermissionDenied("Your role does not allow this.")
        pickup = _scoped(request, Pickup.objects.select_related("order")).filter(order__number=number).first()
        if pickup is None:
            raise Http404("No such pickup at your store.")
        if not store_scope.may_act_on(request.user, pickup, paths=AT):
            raise PermissionDenied("You work the pickups of your own store only.")
        service(pickup=pickup, actor=request.user)
        return Response(StaffPickupSerializer(selectors.pickups_for_staff().get(pk=pickup.pk)).data)


class PickupCollect(APIView):
    """Hand over by code at the caller's store: payment (cash or card) first when not paid, refused lines back."""

    permission_classes = [HasPerm.of("pickup.handover_pickup")]

    @extend_schema(
        request=CollectInput,
        responses={
            200: StaffPickupSerializer,
            429: OpenApiResponse(
                description="Too many wrong codes by this clerk or at this store lately: find the order by number."
            ),
        },
    )
    def post(self, request):
        payload = CollectInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if data.get("location"):
            location = Location.objects.filter(code=data["location"]).first()
            if location is None or not store_scope.may_act_at(request.user, location_id=location.pk):
                raise PermissionDenied("You hand over pickups at your own store only.")
        else:
            location = Location.objects.filter(pk=store_scope.home_location_id(request.user)).first()
        if location is None:
            raise PermissionDenied("Your account has no store: set one on your staff profile.")
        pickup = services.pickup_find_by_code(
            code=data["code"], location=location, user=request.user, ip=client_ip(request)
        )
        services.pickup_collect(
            pickup=pickup, actor=request.user, payment=data.get("payment"), refused_line_ids=data["refused_lines"]
        )
        return Response(StaffPickupSerializer(selectors.pickups_for_staff().get(pk=pickup.pk)).data)
