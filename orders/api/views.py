"""Staff order API: every channel's orders, filtered by status, channel, store, fulfilment and placed date."""

from rest_framework import viewsets

from core.roles import HasPerm
from orders.api.filters import OrderFilter
from orders.api.serializers import StaffOrderSerializer
from orders.selectors import orders_for_staff


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [HasPerm.of("orders.view_order")]
    serializer_class = StaffOrderSerializer
    filterset_class = OrderFilter
    lookup_field = "number"
    queryset = orders_for_staff()
