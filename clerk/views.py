"""The clerk console: find a customer in a second, then see and help with their wishlist, orders and points."""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Variant
from clerk.forms import CustomerCreateForm, LookupForm, WishlistAddForm
from clerk.selectors import (
    customer_orders_page,
    customer_overview,
    customers_matching,
    staff_country,
)
from core.exceptions import DomainError
from core.formatting import card_number_format, money_format
from core.roles import is_staff_with
from customers.exceptions import NoLongerSold
from customers.models import Customer, WishlistItem
from customers.selectors import customer_survivor, customers_recent, lookup_kind
from customers.services import wishlist_add, wishlist_remove
from customers.services.consent import customer_create_at_store
from loyalty.exceptions import LoyaltyError
from loyalty.selectors import loyalty_tier_for
from loyalty.services import reward_create

logger = logging.getLogger(__name__)

# Staff sign in where they already do: the admin login, which brings them back here afterwards.
STAFF_LOGIN_URL = "admin:login"
# The customers this clerk opened lately live in their session: gone at log-out, never shared between clerks.
RECENT_SESSION_KEY = "clerk_recent_customers"
RECENT_COUNT = 8
# Messages about the wishlist show next to the SKU box, where the clerk (and the scanner) keeps working.
WISHLIST_TAG = "wishlist"
CREATE_PERM = "customers.add_customer"
REMOVE_PERM = "customers.delete_wishlistitem"


def clerk_required(view):
    """Clerks and above only; the clerk's store is put on `request.store` (a clear page when the account has none)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(STAFF_LOGIN_URL))
        if not is_staff_with(request.user, "customers.lookup_customer"):
            raise PermissionDenied(_("The clerk console is for store staff."))
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
    create_form = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        kind = lookup_kind(query=query)
        results = customers_matching(query=query, country=staff_country(location=request.store))
        # No personal data in the log: who looked, what kind of key, how many matched.
        logger.info(
            "clerk lookup",
            extra={"user_id": request.user.pk, "location_id": request.store.pk, "kind": kind, "matches": len(results)},
        )
        if len(results) == 1:
            return redirect(results[0])
        if not results and is_staff_with(request.user, CREATE_PERM):
            create_form = CustomerCreateForm(
                initial=CustomerCreateForm.initial_from_query(query=query, kind=kind),
                country=staff_country(location=request.store),
            )
    return _render_lookup(request, form=form, results=results, create_form=create_form)


def _render_lookup(request: HttpRequest, *, form, results, create_form, status: int = 200) -> HttpResponse:
    context = {"form": form, "results": results, "create_form": create_form, "store": request.store}
    if results is None and create_form is None:
        context["recent"] = customers_recent(customer_ids=request.session.get(RECENT_SESSION_KEY, []))
    if create_form is not None and create_form.errors:
        # Straight to the first field to fix (a form-wide error is about the email or phone).
        context["create_focus"] = next((name for name in create_form.fields if name in create_form.errors), "email")
    return render(request, "clerk/lookup.html", context, status=status)


@require_POST
@clerk_required
def customer_create_view(request: HttpRequest) -> HttpResponse:
    """Nobody matched: the clerk creates the customer on the spot through identity resolution, never a duplicate."""
    if not is_staff_with(request.user, CREATE_PERM):
        raise PermissionDenied(_("Your role does not allow creating customers."))
    country = staff_country(location=request.store)
    create_form = CustomerCreateForm(request.POST, country=country)
    if create_form.is_valid():
        try:
            # One unit of work: the profile, its consent and the record of who created it, or none of them.
            with transaction.atomic(durable=True):
                customer, created = _customer_create(request, data=create_form.cleaned_data, country=country)
        except DomainError as exc:
            create_form.add_error(None, exc.message)
        else:
            if created:
                messages.success(
                    request,
                    _("Created %(name)s: card %(card)s.")
                    % {"name": customer.display_name, "card": card_number_format(customer.card_number)},
                )
            else:
                messages.info(
                    request,
                    _("%(name)s was already a customer with that email or phone.") % {"name": customer.display_name},
                )
            return redirect(customer)
    lookup_form = LookupForm({"q": request.POST.get("q", "")})
    return _render_lookup(
        request, form=lookup_form, results=[] if lookup_form.is_valid() else None, create_form=create_form, status=400
    )


def _customer_create(request: HttpRequest, *, data: dict, country: str) -> tuple[Customer, bool]:
    """The customer the clerk typed in, found or created with the clerk's store as home; True when new."""
    customer, created = customer_create_at_store(
        email=data["email"] or None,
        phone=data["phone"],
        country=country,
        first_name=data["first_name"],
        last_name=data["last_name"],
        consent=data["marketing_consent"],
        store=request.store,
    )
    # `created` is a LogRecord attribute: an extra under that name cannot be logged at all.
    logger.info(
        "clerk customer create",
        extra={"user_id": request.user.pk, "customer_id": customer.pk, "new_customer": created},
    )
    return customer, created


def _render_customer(request: HttpRequest, overview, wishlist_form: WishlistAddForm, status: int = 200) -> HttpResponse:
    stored = list(messages.get_messages(request))
    here = [m for m in stored if WISHLIST_TAG in m.extra_tags.split()]
    context = {
        "messages": [m for m in stored if m not in here],
        "wishlist_messages": here,
        # Back in the SKU box after an add or a refusal: a scanner goes on with the next item, no click needed.
        "focus_sku": bool(here) or wishlist_form.is_bound,
        "may_remove": is_staff_with(request.user, REMOVE_PERM),
        "overview": overview,
        "customer": overview.customer,
        "store": request.store,
        "wishlist_form": wishlist_form,
        "tier": loyalty_tier_for(customer=overview.customer),
        "reward_step": settings.LOYALTY_REWARD_STEP,
    }
    return render(request, "clerk/customer.html", context, status=status)


def customer_or_404(pk: int) -> Customer:
    """The customer `pk` names, or the profile it was merged into; 404 when there is neither."""
    try:
        return customer_survivor(customer_id=pk)
    except Customer.DoesNotExist:
        raise Http404(_("No such customer."))


def _overview_or_404(request: HttpRequest, pk: int):
    try:
        return customer_overview(customer_id=pk, location=request.store)
    except Customer.DoesNotExist:
        raise Http404(_("No such customer."))


@clerk_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one customer, with stock at the clerk's store; a merged-away profile opens the survivor."""
    overview = _overview_or_404(request, pk)
    if overview.customer.pk != pk:
        return redirect(overview.customer)
    logger.info("clerk customer view", extra={"user_id": request.user.pk, "customer_id": pk})
    _remember(request, pk)
    return _render_customer(request, overview, WishlistAddForm())


def _remember(request: HttpRequest, pk: int) -> None:
    recent = [pk] + [other for other in request.session.get(RECENT_SESSION_KEY, []) if other != pk]
    request.session[RECENT_SESSION_KEY] = recent[:RECENT_COUNT]


@clerk_required
def customer_orders(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's whole order history, every channel, a page at a time."""
    customer = customer_or_404(pk)
    if customer.pk != pk:
        return redirect("clerk:customer-orders", pk=customer.pk)
    page = customer_orders_page(customer=customer, page=request.GET.get("page"))
    context = {"customer": customer, "page": page, "store": request.store}
    return render(request, "clerk/customer_orders.html", context)


@require_POST
@clerk_required
def wishlist_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk puts an item on the customer's wishlist for them (source = clerk)."""
    customer = customer_or_404(pk)
    form = WishlistAddForm(request.POST)
    if not form.is_valid():
        # Show the page again with the typed code and the reason next to the field, nothing written.
        return _render_customer(request, _overview_or_404(request, customer.pk), form, status=400)
    variant = form.cleaned_data["code"]
    try:
        created = wishlist_add(customer=customer, variant=variant, source=WishlistItem.Source.CLERK)[1]
    except NoLongerSold as exc:
        form.add_error("code", exc.message)
        return _render_customer(request, _overview_or_404(request, customer.pk), form, status=400)
    if created:
        messages.success(
            request,
            _("Added %(item)s to the wishlist.") % {"item": f"{variant} ({variant.sku})"},
            extra_tags=WISHLIST_TAG,
        )
    else:
        messages.info(
            request,
            _("%(item)s was already on the wishlist.") % {"item": f"{variant} ({variant.sku})"},
            extra_tags=WISHLIST_TAG,
        )
    logger.info(
        "clerk wishlist add", extra={"user_id": request.user.pk, "customer_id": customer.pk, "variant_id": variant.pk}
    )
    # No #fragment: it would stop the browser from putting the focus back in the SKU box (autofocus).
    return redirect(customer)


@require_POST
@clerk_required
def wishlist_remove_view(request: HttpRequest, pk: int, variant_pk: int) -> HttpResponse:
    """The customer no longer wants an item: the clerk takes it off their wishlist."""
    if not is_staff_with(request.user, REMOVE_PERM):
        raise PermissionDenied(_("Your role does not allow removing wishlist items."))
    customer = customer_or_404(pk)
    variant = Variant.objects.select_related("product").filter(pk=variant_pk).first()
    if variant is None:
        raise Http404(_("No such product."))
    if wishlist_remove(customer=customer, variant=variant):
        messages.success(
            request,
            _("Removed %(item)s from the wishlist.") % {"item": f"{variant} ({variant.sku})"},
            extra_tags=WISHLIST_TAG,
        )
        logger.info(
            "clerk wishlist remove",
            extra={"user_id": request.user.pk, "customer_id": customer.pk, "variant_id": variant.pk},
        )
    else:
        messages.info(
            request,
            _("%(item)s was not on the wishlist.") % {"item": f"{variant} ({variant.sku})"},
            extra_tags=WISHLIST_TAG,
        )
    return redirect(customer)


@require_POST
@clerk_required
def reward_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk turns the customer's points into a reward code for them, to use at this till or online."""
    customer = customer_or_404(pk)
    try:
        points = int(request.POST.get("points", ""))
    except ValueError:
        points = 0
    try:
        reward = reward_create(customer=customer, points=points)
    except LoyaltyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Reward code %(code)s: %(value)s off.") % {"code": reward.code, "value": money_format(reward.value)},
        )
        logger.info(
            "clerk reward create", extra={"user_id": request.user.pk, "customer_id": customer.pk, "points": points}
        )
    return redirect(f"{customer.get_absolute_url()}#loyalty")
