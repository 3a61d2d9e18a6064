"""The clerk console: find a customer in a second, then see and help with their wishlist, orders and points."""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clerk.forms import LookupForm, WishlistAddForm
from clerk.selectors import customer_overview, customers_matching, staff_country
from core.roles import is_staff_with
from customers.models import Customer, WishlistItem
from customers.selectors import customer_survivor, lookup_kind
from customers.services import wishlist_add
from loyalty.exceptions import LoyaltyError
from loyalty.selectors import loyalty_tier_for
from loyalty.services import reward_create

logger = logging.getLogger(__name__)

# Staff sign in where they already do: the admin login, which brings them back here afterwards.
STAFF_LOGIN_URL = "admin:login"


def clerk_required(view):
    """Clerks and above only; the clerk's store is put on `request.store` (a clear page when the account has none)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(STAFF_LOGIN_URL))
        if not is_staff_with(request.user, "customers.lookup_customer"):
            raise PermissionDenied("The clerk console is for store staff.")
        profile = getattr(request.user, "staff_profile", None)
        if profile is None:
            return render(request, "clerk/no_store.html", status=403)
        request.store = profile.home_location
        return view(request, *args, **kwargs)

    return wrapper


@clerk_required
def lookup(request: HttpRequest) -> HttpResponse:
    """One box for whatever the customer tells the clerk; a single match opens that customer at once."""
    form = LookupForm(request.GET or None)
    results = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        results = customers_matching(query=query, country=staff_country(location=request.store))
        # No personal data in the log: who looked, what kind of key, how many matched.
        logger.info(
            "clerk lookup",
            extra={
                "user_id": request.user.pk,
                "location_id": request.store.pk,
                "kind": lookup_kind(query=query),
                "matches": len(results),
            },
        )
        if len(results) == 1:
            return redirect(results[0])
    return render(request, "clerk/lookup.html", {"form": form, "results": results, "store": request.store})


def _render_customer(request: HttpRequest, overview, wishlist_form: WishlistAddForm, status: int = 200) -> HttpResponse:
    context = {
        "overview": overview,
        "customer": overview.customer,
        "store": request.store,
        "wishlist_form": wishlist_form,
        "tier": loyalty_tier_for(customer=overview.customer),
        "reward_step": settings.LOYALTY_REWARD_STEP,
    }
    return render(request, "clerk/customer.html", context, status=status)


def _overview_or_404(request: HttpRequest, pk: int):
    try:
        return customer_overview(customer_id=pk, location=request.store)
    except Customer.DoesNotExist:
        raise Http404("No such customer.")


@clerk_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one customer, with stock at the clerk's store; a merged-away profile opens the survivor."""
    overview = _overview_or_404(request, pk)
    if overview.customer.pk != pk:
        return redirect(overview.customer)
    logger.info("clerk customer view", extra={"user_id": request.user.pk, "customer_id": pk})
    return _render_customer(request, overview, WishlistAddForm())


@require_POST
@clerk_required
def wishlist_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk puts an item on the customer's wishlist for them (source = clerk)."""
    try:
        customer = customer_survivor(customer_id=pk)
    except Customer.DoesNotExist:
        raise Http404("No such customer.")
    form = WishlistAddForm(request.POST)
    if not form.is_valid():
        # Show the page again with the typed code and the reason next to the field, nothing written.
        return _render_customer(request, _overview_or_404(request, customer.pk), form, status=400)
    variant = form.cleaned_data["code"]
    already = WishlistItem.objects.filter(customer=customer, variant=variant).exists()
    wishlist_add(customer=customer, variant=variant, source=WishlistItem.Source.CLERK)
    if already:
        messages.info(request, f"{variant} ({variant.sku}) was already on the wishlist.")
    else:
        messages.success(request, f"Added {variant} ({variant.sku}) to the wishlist.")
    logger.info(
        "clerk wishlist add", extra={"user_id": request.user.pk, "customer_id": customer.pk, "variant_id": variant.pk}
    )
    return redirect(f"{customer.get_absolute_url()}#wishlist")


@require_POST
@clerk_required
def reward_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk turns the customer's points into a reward code for them, to use at this till or online."""
    try:
        customer = customer_survivor(customer_id=pk)
    except Customer.DoesNotExist:
        raise Http404("No such customer.")
    try:
        points = int(request.POST.get("points", ""))
    except ValueError:
        points = 0
    try:
        reward = reward_create(customer=customer, points=points)
    except LoyaltyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Reward code {reward.code}: {reward.value} {settings.SHOP_CURRENCY} off.")
        logger.info(
            "clerk reward create", extra={"user_id": request.user.pk, "customer_id": customer.pk, "points": points}
        )
    return redirect(f"{customer.get_absolute_url()}#loyalty")
