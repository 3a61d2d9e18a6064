"""The till, marketplaces and the returns desk: thin views over the order services, scoped by token and store."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Variant
from core.transactions import durable
from inventory.models import Location
from inventory.permissions import ANYWHERE, home_location_id
from inventory.selectors import availability_by_variant
from orders.api.channel_serializers import (
    ChannelOrderIn,
    ChannelOrderOut,
    ChannelOrderUpdateIn,
    PosSaleIn,
    ReturnIn,
    ReturnOut,
    TillStockOut,
    TillStockQuery,
)
from orders.api.permissions import HasScope, device_of
from orders.exceptions import OrderNotFound
from orders.models import Order, Return
from orders.services import (
    ReturnRequestLine,
    channel_order_import,
    channel_order_update,
    pos_sale_record,
    return_create,
)
from orders.services.channels import channel_order_get


def _store(code: str) -> Location:
    location = Location.objects.filter(code=code, kind=Location.Kind.STORE, is_active=True).first()
    if location is None:
        raise OrderNotFound(f"No store {code}.", field="location")
    return location


def _till_store(request, code: str | None) -> Location:
    """The till's own store; naming another one is refused (403), not quietly corrected."""
    device = device_of(request)
    if device is None or device.location_id is None:
        raise exceptions.PermissionDenied("Only a till bound to a store can do this.")
    if code and code != device.location.code:
        raise exceptions.PermissionDenied(f"This till belongs to {device.location.code}; it cannot act at {code}.")
    return device.location


def _channel_of(request) -> str:
    device = device_of(request)
    if device is None or not device.channel:
        raise exceptions.PermissionDenied("Only a marketplace or social-shop client can do this.")
    return device.channel


def _created(instance, created: bool, serializer) -> Response:
    return Response(serializer(instance).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PosSaleCreate(APIView):
    """Record a till sale at the till's store; the same idempotency key again returns the first sale (200)."""

    permission_classes = [HasScope("pos:sale")]

    @extend_schema(request=PosSaleIn, responses={201: ChannelOrderOut, 200: ChannelOrderOut})
    @durable
    def post(self, request):
        _till_store(request, None)
        data = PosSaleIn(data=request.data)
        data.is_valid(raise_exception=True)
        store = _till_store(request, data.validated_data.get("location"))
        order, created = pos_sale_record(location=store, **data.service_kwargs())
        return _created(order, created, ChannelOrderOut)


class TillStock(APIView):
    """What the till's store has of some SKUs, and which other stores have them (to send the customer there)."""

    permission_classes = [HasScope("stock:read")]

    @extend_schema(parameters=[TillStockQuery], responses={200: TillStockOut(many=True)})
    def get(self, request):
        store = _till_store(request, None)
        query = TillStockQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        variants = Variant.objects.filter(sku__in=query.validated_data["sku"]).order_by("sku")
        availability = availability_by_variant(variant_ids=[v.pk for v in variants])
        rows = []
        for variant in variants:
            levels = availability.get(variant.pk, [])
            here = next((row for row in levels if row.location.pk == store.pk), None)
            rows.append(
                {
                    "sku": variant.sku,
                    "on_hand": here.on_hand if here else 0,
                    "available": here.in_store if here else 0,
                    "other_stores": [
                        {"location": row.location.code, "available": row.in_store}
                        for row in levels
                        if row.location.pk != store.pk and row.location.kind == Location.Kind.STORE and row.in_store
                    ],
                }
            )
        return Response(TillStockOut(rows, many=True).data)


class ChannelOrderCreate(APIView):
    """Import a marketplace or social-shop order; the same external id again returns the first order (200)."""

    permission_classes = [HasScope("channel:orders")]

    @extend_schema(request=ChannelOrderIn, responses={201: ChannelOrderOut, 200: ChannelOrderOut})
    @durable
    def post(self, request):
        channel = _channel_of(request)
        data = ChannelOrderIn(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data["location"]
        location = _store(code) if code else None
        order, created = channel_order_import(channel=channel, location=location, **data.service_kwargs())
        return _created(order, created, ChannelOrderOut)


class ChannelOrderDetail(APIView):
    """One of this channel's orders, by the marketplace's id; PATCH moves its status on."""

    permission_classes = [HasScope("channel:orders")]

    def _get(self, request, external_id: str) -> Order:
        order = channel_order_get(channel=_channel_of(request), external_id=external_id)
        if order is None:
            raise OrderNotFound(f"No order {external_id} from this channel.", external_id=external_id)
        return order

    @extend_schema(responses={200: ChannelOrderOut})
    def get(self, request, external_id: str):
        return Response(ChannelOrderOut(self._get(request, external_id)).data)

    @extend_schema(request=ChannelOrderUpdateIn, responses={200: ChannelOrderOut})
    @durable
    def patch(self, request, external_id: str):
        data = ChannelOrderUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        order = self._get(request, external_id)
        order = channel_order_update(channel=order.channel, external_id=order.external_id, **data.validated_data)
        return Response(ChannelOrderOut(order).data)


class ReturnCreate(APIView):
    """Take items of any order back at a store: a till with pos:return at its own store, or a clerk at theirs."""

    permission_classes = [HasScope("pos:return", or_perm="orders.add_return")]

    @extend_schema(request=ReturnIn, responses={201: ReturnOut, 200: ReturnOut})
    @durable
    def post(self, request):
        data = ReturnIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if device_of(request) is not None:
            store = _till_store(request, values["location"])
        else:
            store = self._clerk_store(request, values["location"])
        order = Order.objects.filter(number=values["order"].strip()).first()
        if order is None:
            raise OrderNotFound(f"No order {values['order']}.", field="order")
        ret, created = return_create(
            order=order,
            location=store,
            lines=[ReturnRequestLine(**line) for line in values["lines"]],
            refund_method=values["refund_method"],
            reason=values["reason"],
            key=values["key"],
            actor=request.user if request.user.is_authenticated else None,
            device=device_of(request),
        )
        ret = Return.objects.select_related("order", "location").prefetch_related("lines__order_line").get(pk=ret.pk)
        return _created(ret, created, ReturnOut)

    def _clerk_store(self, request, code: str) -> Location:
        home = home_location_id(request.user)
        if not code:
            if home is None:
                raise exceptions.PermissionDenied("Your account has no store; name the store taking the return.")
            return Location.objects.get(pk=home)
        store = _store(code)
        if store.pk != home and not request.user.has_perm(ANYWHERE):
            raise exceptions.PermissionDenied(f"You take returns at your own store, not at {code}.")
        return store
