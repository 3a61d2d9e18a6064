"""The till, marketplaces and the returns desk: thin views over the order services, scoped by token and store."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Variant
from channels.api.permissions import HasScope, device_of, seller_store, store_by_code, till_store
from channels.api.serializers import (
    ChannelOrderIn,
    ChannelOrderOut,
    ChannelOrderUpdateIn,
    PosSaleIn,
    TillStockOut,
    TillStockQuery,
)
from channels.services.marketplace import channel_order_get, channel_order_import, channel_order_update
from channels.services.pos import pos_sale_record
from core.api_responses import response_created
from core.transactions import durable
from inventory.models import Location
from inventory.selectors import availability_by_variant
from orders.exceptions import OrderNotFound
from orders.models import Order


def _channel_of(request) -> str:
    device = device_of(request)
    if device is None or not device.channel:
        raise exceptions.PermissionDenied("Only a marketplace or social-shop client can do this.")
    return device.channel


class PosSaleCreate(APIView):
    """Record a sale at the till's store, or at a clerk's own store with their own key (permission to sell at the
    counter); the same idempotency key again returns the first sale (200)."""

    permission_classes = [HasScope("pos:sale", or_perm="clerk.sell_at_store")]

    @extend_schema(request=PosSaleIn, responses={201: ChannelOrderOut, 200: ChannelOrderOut})
    @durable
    def post(self, request):
        seller_store(request, None)
        data = PosSaleIn(data=request.data)
        data.is_valid(raise_exception=True)
        store = seller_store(request, data.validated_data.get("location"))
        actor = request.user if request.user.is_authenticated else None
        order, created = pos_sale_record(location=store, actor=actor, **data.service_kwargs())
        return response_created(order, created, ChannelOrderOut)


class TillStock(APIView):
    """What the till's store has of some SKUs, and which other stores have them (to send the customer there)."""

    permission_classes = [HasScope("stock:read")]

    @extend_schema(parameters=[TillStockQuery], responses={200: TillStockOut(many=True)})
    def get(self, request):
        store = till_store(request, None)
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
        location = store_by_code(code) if code else None
        order, created = channel_order_import(channel=channel, location=location, **data.service_kwargs())
        return response_created(order, created, ChannelOrderOut)


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
