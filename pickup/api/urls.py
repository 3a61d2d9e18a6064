from django.urls import path

from pickup.api import views

urlpatterns = [
    path("pickups/", views.PickupList.as_view(), name="api-pickups"),
    path("pickups/collect/", views.PickupCollect.as_view(), name="api-pickup-collect"),
    path("pickups/<str:number>/picking/", views.PickupStep.as_view(step="picking"), name="api-pickup-picking"),
    path("pickups/<str:number>/ready/", views.PickupStep.as_view(step="ready"), name="api-pickup-ready"),
    path("pickups/<str:number>/cancel/", views.PickupStep.as_view(step="cancel"), name="api-pickup-cancel"),
]
