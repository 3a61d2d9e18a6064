from django.urls import path

from returns.api.views import ReturnCreate

urlpatterns = [
    path("returns/", ReturnCreate.as_view(), name="return-create"),
]
