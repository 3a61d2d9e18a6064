from django.urls import path

from customers.api import staff

urlpatterns = [
    path("customers/lookup/", staff.CustomerLookup.as_view(), name="api-customer-lookup"),
    path("customers/<int:pk>/", staff.CustomerStaffDetail.as_view(), name="api-customer-detail"),
]
