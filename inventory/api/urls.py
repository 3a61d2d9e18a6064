from django.urls import path
from rest_framework.routers import SimpleRouter

from inventory.api import views

router = SimpleRouter()
router.register("locations", views.LocationViewSet, basename="api-location")

urlpatterns = [
    path("stock/", views.StockLevelList.as_view(), name="api-stock-list"),
    path("stock/receive/", views.StockReceive.as_view(), name="api-stock-receive"),
    path("stock/adjust/", views.StockAdjust.as_view(), name="api-stock-adjust"),
    path("stock/count/", views.StockCount.as_view(), name="api-stock-count"),
    *router.urls,
]
