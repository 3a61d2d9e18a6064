"""The shopper's account pages and the wishlist buttons; every page shows only the logged-in shopper's own data."""

from functools import wraps

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import ProductImage, Variant
from core.formatting import money_format
from core.validators import is_ascii_digits
from customers import services
from customers.adapters import WISHLIST_PENDING_SESSION_KEY
from customers.exceptions import ContactTaken, NoLongerSold
from customers.models import Customer, TimelineEvent, WishlistItem
from customers.selectors import customer_of_user
from inventory.selectors import availability_by_variant
from loyalty.exceptions import LoyaltyError
from loyalty.selectors import loyalty_card, points_entries, rewards_open
from loyalty.services import reward_create
from marketing.tokens import TokenExpired, TokenInvalid, wishlist_token_check
from orders.emails import ready_text
from orders.models import Order
from pickup.availability import StoreStock
from pickup.selectors import pickup_for_shopper, pickups_ready_for_customer
from returns.selectors import order_detail_with_returns as order_for_page
from returns.selectors import order_history_for_customer
from storefront.forms import ProfileForm
from storefront.pagecache import shop_page
from storefront.shopper import shopper_key


def customer_for(request: HttpRequest) -> Customer | None:
    """The logged-in shopper's customer profile (once per request), None before the email is verified."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_customer"):
        request._customer = customer_of_user(request.user)
    return request._customer


def customer_required(view):
    """Login required; a user without a customer profile yet gets a kind explanation instead of the page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        customer = customer_for(request)
        if customer is None:
            return render(request, "storefront/account/no_profile.html", status=200)
        return view(request, customer, *args, **kwargs)

    return wrapper


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@customer_required
def account(request, customer):
    card = loyalty_card(customer=customer)
    recent = list(order_history_for_customer(customer)[:3])
    wishlist_count = customer.wishlist_items.count()
    context = {
        "customer": customer,
        "card": card,
        "recent_orders": recent,
        "wishlist_count": wishlist_count,
        "ready_pickups": pickups_ready_for_customer(customer_id=customer.pk),
    }
    return render(request, "storefront/account/overview.html", context)


@customer_required
def profile(request, customer):
    form = ProfileForm.for_customer(customer, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_update_profile(customer=customer, **form.cleaned_data)
        except ContactTaken as exc:
            form.add_error("phone", exc.message)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("storefront:profile")
    return render(request, "storefront/account/profile.html", {"customer": customer, "form": form})


def _wishlist_items(customer: Customer) -> list[WishlistItem]:
    images = Prefetch("variant__product__images", queryset=ProductImage.objects.order_by("position", "pk"))
    return list(
        customer.wishlist_items.select_related("variant__product").prefetch_related(images).order_by("-added_at", "-pk")
    )


@shop_page(key_extra=shopper_key)
@customer_required
def wishlist(request, customer):
    """The shopper's saved variants with price and stock per store, cached per shopper: the key holds the versions
    of the catalog, of the stock flags (so stock shows as In stock / Only 2 left / Out of stock, as on product
    pages) and of the shopper's own wishlist and home store."""
    items = _wishlist_items(customer)
    availability = availability_by_variant(variant_ids=[item.variant_id for item in items])
    rows = []
    for item in items:
        stores = availability.get(item.variant_id, [])
        images = list(item.variant.product.images.all())
        rows.append(
            {
                "item": item,
                "variant": item.variant,
                "product": item.variant.product,
                "image": images[0] if images else None,
                "stores": [
                    StoreStock(location=s.location, in_store=s.in_store, online=s.online)
                    for s in stores
                    if s.location.kind == "store"
                ],
                "online": sum(s.online for s in stores),
            }
        )
    return render(request, "storefront/account/wishlist.html", {"customer": customer, "rows": rows})


def _variant_from_post(request) -> Variant:
    variant_id = request.POST.get("variant", "")
    if not is_ascii_digits(variant_id):
        return get_object_or_404(Variant.objects.select_related("product"), sku=request.POST.get("sku", ""))
    return get_object_or_404(Variant.objects.select_related("product"), pk=int(variant_id))


@require_POST
def wishlist_add(request):
    back = _safe_next(request, reverse("storefront:wishlist"))
    if not request.user.is_authenticated:
        variant = _variant_from_post(request)
        # Put aside in the session (this POST passed the CSRF check); the login saves it, then returns here.
        request.session[WISHLIST_PENDING_SESSION_KEY] = variant.pk
        messages.info(
            request,
            _("Log in and %(item)s is saved to your wishlist; you come back to the same page.") % {"item": variant},
        )
        return redirect_to_login(back)
    customer = customer_for(request)
    if customer is None:
        messages.warning(request, _("Verify your email address first; then your wishlist is ready."))
        return redirect(back)
    variant = _variant_from_post(request)
    try:
        _item, created = services.wishlist_add(customer=customer, variant=variant, source=WishlistItem.Source.WEB)
    except NoLongerSold as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if created:
        messages.success(request, _("%(item)s is on your wishlist.") % {"item": variant})
    else:
        messages.info(request, _("%(item)s was already on your wishlist.") % {"item": variant})
    return redirect(back)


@require_POST
def wishlist_remove(request):
    back = _safe_next(request, reverse("storefront:wishlist"))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    customer = customer_for(request)
    if customer is None:
        return redirect(back)
    variant = _variant_from_post(request)
    if services.wishlist_remove(customer=customer, variant=variant):
        messages.success(request, _("%(item)s is off your wishlist.") % {"item": variant})
    return redirect(back)


def wishlist_email(request, token: str):
    """One click from an email: GET only shows a page that submits itself (mail scanners open links and must not
    add anything); its POST adds the item once, however many times, and shows the wishlist with it."""
    try:
        data = wishlist_token_check(token)
    except TokenInvalid:
        return render(request, "storefront/account/wishlist_link_invalid.html", status=400)
    except TokenExpired as exc:
        variant = Variant.objects.select_related("product").filter(pk=exc.variant_id, is_active=True).first()
        return render(request, "storefront/account/wishlist_link_expired.html", {"variant": variant}, status=410)
    customer = Customer.objects.filter(pk=data.customer_id).first()
    variant = Variant.objects.select_related("product").filter(pk=data.variant_id).first()
    if customer is None:
        return render(request, "storefront/account/wishlist_link_invalid.html", status=400)
    if variant is None:
        return render(request, "storefront/account/wishlist_link_expired.html", {"variant": None}, status=410)
    while customer.merged_into_id:
        customer = customer.merged_into
    if request.method != "POST":
        response = render(request, "storefront/account/wishlist_link_confirm.html", {"variant": variant})
        response["X-Robots-Tag"] = "noindex"
        return response
    try:
        services.wishlist_add(customer=customer, variant=variant, source=WishlistItem.Source.EMAIL)
    except NoLongerSold as exc:
        return render(request, "storefront/account/wishlist_link_not_sold.html", {"message": exc.message}, status=410)
    own = customer_for(request)
    if own is not None and own.pk == customer.pk:
        messages.success(request, _("%(item)s is on your wishlist.") % {"item": variant})
        return redirect("storefront:wishlist")
    return render(request, "storefront/account/wishlist_link_added.html", {"variant": variant})


@customer_required
def orders(request, customer):
    page = Paginator(order_history_for_customer(customer), 10).get_page(request.GET.get("page"))
    return render(request, "storefront/account/orders.html", {"customer": customer, "page": page})


@customer_required
def order_detail(request, customer, number: str):
    """One order of any channel; someone else's order is 404, as if it did not exist."""
    try:
        order = order_for_page(number=number, customer=customer)
    except Order.DoesNotExist:
        raise Http404("No such order.") from None
    context = {
        "order": order,
        "ready": ready_text(order),
        "customer": customer,
        **pickup_for_shopper(order_id=order.pk),
    }
    return render(request, "storefront/order.html", context)


@customer_required
def loyalty(request, customer):
    """Card, balance, tier and history; a POST of `points` turns them into a reward code (a constant query count)."""
    if request.method == "POST":
        try:
            reward = reward_create(customer=customer, points=_int_or_zero(request.POST.get("points")))
        except LoyaltyError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Your reward code %(code)s is worth %(amount)s off your next order.")
                % {"code": reward.code, "amount": money_format(reward.value)},
            )
        return redirect("storefront:loyalty")
    card = loyalty_card(customer=customer)
    qr = segno.make(customer.card_number, error="m").svg_inline(scale=5, dark="#1a1a1a", omitsize=True)
    page = Paginator(points_entries(customer=customer), 25).get_page(request.GET.get("page"))
    step = settings.LOYALTY_REWARD_STEP
    context = {
        "customer": customer,
        "card": card,
        "qr": qr,
        "page": page,
        "entries": page.object_list,
        "rewards": rewards_open(customer=customer),
        "reward_step": step,
        "reward_max": card.balance // step * step,
    }
    return render(request, "storefront/account/loyalty.html", context)


def _int_or_zero(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@customer_required
def timeline(request, customer):
    events = TimelineEvent.objects.filter(customer=customer).order_by("-occurred_at", "-pk")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "storefront/account/timeline.html", {"customer": customer, "page": page})
