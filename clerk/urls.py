from django.urls import path

from clerk import counter, counter_card, pickups, tablet
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
    path("products/", tablet.products, name="products"),
    path("variants/<int:pk>/", tablet.variant_detail, name="variant"),
    path("basket/", counter.basket_view, name="basket"),
    path("basket/add/", tablet.basket_add, name="basket-add"),
    path("basket/lines/<int:variant_pk>/", tablet.basket_line, name="basket-line"),
    path("basket/wishlist/", tablet.basket_wishlist, name="basket-wishlist"),
    path("basket/serve/<int:pk>/", tablet.basket_serve, name="basket-serve"),
    path("basket/customer/", counter.basket_customer, name="basket-customer"),
    path("basket/clear/", counter.basket_clear, name="basket-clear"),
    path("basket/sell/", counter.basket_sell_view, name="basket-sell"),
    path("basket/order/", counter.basket_order_view, name="basket-order"),
    path("basket/card/<str:number>/", counter_card.card_wait, name="card"),
    path("basket/card/<str:number>/cancel/", counter_card.card_cancel, name="card-cancel"),
    path("pickups/", pickups.queue, name="pickups"),
    path("pickups/pick-list/", pickups.pick_list, name="pick-list"),
    path("pickups/verify/", pickups.verify, name="pickups-verify"),
    path("pickups/<str:number>/<str:action>/", pickups.step, name="pickups-step"),
    path("returns/", clerk_returns.returns_find, name="returns"),
    path("returns/<str:number>/", clerk_returns.return_order, name="return-order"),
]
