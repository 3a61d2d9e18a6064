from django.urls import path

from clerk.api import views as staff

urlpatterns = [
    path("customers/lookup/", staff.CustomerLookup.as_view(), name="api-customer-lookup"),
    path("customers/<int:pk>/", staff.CustomerStaffDetail.as_view(), name="api-customer-detail"),
]
