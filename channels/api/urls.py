from django.urls import path

from channels.api.views import ChannelOrderCreate, ChannelOrderDetail, PosSaleCreate, TillStock

urlpatterns = [
    path("pos/sales/", PosSaleCreate.as_view(), name="pos-sale-create"),
    path("pos/stock/", TillStock.as_view(), name="pos-stock"),
    path("channel-orders/", ChannelOrderCreate.as_view(), name="channel-order-create"),
    path("channel-orders/<str:external_id>/", ChannelOrderDetail.as_view(), name="channel-order-detail"),
]
