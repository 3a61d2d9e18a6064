from django.urls import path
from rest_framework.routers import SimpleRouter

from orders.api.channel_views import ChannelOrderCreate, ChannelOrderDetail, PosSaleCreate, ReturnCreate, TillStock
from orders.api.views import OrderViewSet

router = SimpleRouter()
router.register("orders", OrderViewSet, basename="staff-order")

urlpatterns = [
    *router.urls,
    path("pos/sales/", PosSaleCreate.as_view(), name="pos-sale-create"),
    path("pos/stock/", TillStock.as_view(), name="pos-stock"),
    path("channel-orders/", ChannelOrderCreate.as_view(), name="channel-order-create"),
    path("channel-orders/<str:external_id>/", ChannelOrderDetail.as_view(), name="channel-order-detail"),
    path("returns/", ReturnCreate.as_view(), name="return-create"),
]
