from rest_framework.routers import SimpleRouter

from transfers.api import views

router = SimpleRouter()
router.register("transfers", views.TransferViewSet, basename="api-transfer")

urlpatterns = router.urls
