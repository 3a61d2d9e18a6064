from django.urls import path

from clerk import pickups
from clerk import returns as clerk_returns
from clerk import views as clerk_views
from clerk.consent import consent_set_view

app_name = "clerk"

urlpatterns = [
    path("", clerk_views.lookup, name="lookup"),
    path("customers/new/", clerk_views.customer_create_view, name="customer-create"),
    path("customers/<int:pk>/", clerk_views.customer_detail, name="customer"),
    path("customers/<int:pk>/orders/", clerk_views.customer_orders, name="customer-orders"),
    path("customers/<int:pk>/wishlist/", clerk_views.wishlist_add_view, name="wishlist-add"),
    path(
        "customers/<int:pk>/wishlist/<int:variant_pk>/remove/",
        clerk_views.wishlist_remove_view,
        name="wishlist-remove",
    ),
    path("customers/<int:pk>/rewards/", clerk_views.reward_create_view, name="reward-create"),
    path("customers/<int:pk>/consent/", consent_set_view, name="consent"),
    path("pickups/", pickups.queue, name="pickups"),
    path("pickups/verify/", pickups.verify, name="pickups-verify"),
    path("pickups/<str:number>/<str:action>/", pickups.step, name="pickups-step"),
    path("returns/", clerk_returns.returns_find, name="returns"),
    path("returns/<str:number>/", clerk_returns.return_order, name="return-order"),
]
