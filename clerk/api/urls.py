from django.urls import path

from clerk.api import views as staff
from clerk.api.orders import OrdersForCustomers

urlpatterns = [
    path("customers/lookup/", staff.CustomerLookup.as_view(), name="api-customer-lookup"),
    path("customers/<int:pk>/", staff.CustomerStaffDetail.as_view(), name="api-customer-detail"),
    # Before orders' own route for the same address: GET still lists, POST orders for a customer.
    path("orders/", OrdersForCustomers.as_view({"get": "list", "post": "create"}), name="api-order-create"),
]
