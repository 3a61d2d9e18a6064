from django.urls import path
from rest_framework.routers import SimpleRouter

from channels.api import products
from channels.api.views import ChannelOrderCreate, ChannelOrderDetail, PosSaleCreate, TillStock

router = SimpleRouter()
router.register("products", products.ProductViewSet, basename="product")
router.register("categories", products.CategoryViewSet, basename="category")

urlpatterns = [
    *router.urls,
    path("pos/sales/", PosSaleCreate.as_view(), name="pos-sale-create"),
    path("pos/stock/", TillStock.as_view(), name="pos-stock"),
    path("channel-orders/", ChannelOrderCreate.as_view(), name="channel-order-create"),
    path("channel-orders/<str:external_id>/", ChannelOrderDetail.as_view(), name="channel-order-detail"),
]
