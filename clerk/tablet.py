"""The clerk's tablet: find any product in any store, and put it in the basket or on the customer's wishlist.

Plain forms and redirects: every button works without JavaScript; the search box keeps the focus for a scanner."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Variant
from clerk.basket import basket_customer_set, basket_for, basket_line_add, basket_line_set, basket_lines
from clerk.views import clerk_required, customer_or_404
from core.exceptions import DomainError
from core.roles import is_staff_with
from customers.models import WishlistItem
from customers.services import wishlist_add
from pickup.availability import variants_availability, variants_stock
from pickup.finder import products_find, variant_exact

logger = logging.getLogger(__name__)

BASKET_PERM = "clerk.add_basket"


def _next(request: HttpRequest, default: str) -> str:
    """Back where the clerk was (a search, a variant), never to another site."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return default


def basket_required(request: HttpRequest) -> None:
    if not is_staff_with(request.user, BASKET_PERM):
        raise PermissionDenied(_("Your role does not allow selling or ordering at the counter."))


def _context(request: HttpRequest, **extra) -> dict:
    basket = basket_for(user=request.user, location=request.store) if is_staff_with(request.user, BASKET_PERM) else None
    in_basket = {line.variant_id: line.quantity for line in basket_lines(basket=basket)} if basket else {}
    return {"store": request.store, "basket": basket, "in_basket": in_basket, **extra}


@clerk_required
def products(request: HttpRequest) -> HttpResponse:
    """Search by name (typos forgiven), SKU or barcode; an exact SKU or barcode opens that variant."""
    q = (request.GET.get("q") or "").strip()[:200]
    if q:
        exact = variant_exact(code=q)
        if exact is not None:
            return redirect("clerk:variant", pk=exact.pk)
    finding = products_find(q=q, location=request.store) if q else None
    logger.info(
        "clerk product search",
        extra={"user_id": request.user.pk, "found": len(finding.products) if finding else None},
    )
    return render(request, "clerk/products.html", _context(request, q=q, finding=finding))


@clerk_required
def variant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One variant: its stock everywhere, and every pickup store with when it could hand it over."""
    variant = Variant.objects.select_related("product").filter(pk=pk, is_active=True).first()
    if variant is None:
        raise Http404(_("No such product."))
    stock = variants_stock(variants=[variant], location=request.store)[0]
    availability = variants_availability(variant_ids=[variant.pk], pickup_for=variant.pk, home_store=request.store)
    context = _context(request, variant=variant, row=stock, pickup_stores=availability[variant.pk].pickup_stores)
    return render(request, "clerk/variant.html", context)


def _variant_or_404(request: HttpRequest) -> Variant:
    raw = request.POST.get("variant", "")
    variant = Variant.objects.select_related("product").filter(pk=int(raw)).first() if raw.isdigit() else None
    if variant is None:
        raise Http404(_("No such product."))
    return variant


@require_POST
@clerk_required
def basket_add(request: HttpRequest) -> HttpResponse:
    """Put one unit of a variant in the clerk's basket."""
    basket_required(request)
    variant = _variant_or_404(request)
    basket = basket_for(user=request.user, location=request.store)
    try:
        basket_line_add(basket=basket, variant=variant, quantity=1)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(item)s is in the basket.") % {"item": f"{variant} ({variant.sku})"})
    return redirect(_next(request, reverse("clerk:basket")))


@require_POST
@clerk_required
def basket_line(request: HttpRequest, variant_pk: int) -> HttpResponse:
    """Change how many of a line the customer takes; 0 takes it out."""
    basket_required(request)
    raw = request.POST.get("quantity", "").strip()
    basket = basket_for(user=request.user, location=request.store)
    try:
        basket_line_set(basket=basket, variant_id=variant_pk, quantity=int(raw) if raw.isdigit() else -1)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("clerk:basket")


@require_POST
@clerk_required
def basket_serve(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve this customer: the basket, the wishlist buttons and the sale are theirs."""
    basket_required(request)
    customer = customer_or_404(pk)
    basket_customer_set(basket=basket_for(user=request.user, location=request.store), customer=customer)
    messages.success(request, _("Serving %(name)s.") % {"name": customer.display_name})
    return redirect(_next(request, reverse("clerk:products")))


@require_POST
@clerk_required
def basket_wishlist(request: HttpRequest) -> HttpResponse:
    """Put a variant on the wishlist (the shortlist) of the customer being served."""
    variant = _variant_or_404(request)
    basket = basket_for(user=request.user, location=request.store)
    if basket.customer is None:
        messages.error(request, _("Choose the customer first: find them, or type their email in the basket."))
        return redirect(_next(request, reverse("clerk:basket")))
    try:
        created = wishlist_add(customer=basket.customer, variant=variant, source=WishlistItem.Source.CLERK)[1]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        said = (
            _("Added %(item)s to %(name)s's wishlist.")
            if created
            else _("%(item)s was already on %(name)s's wishlist.")
        )
        messages.success(request, said % {"item": f"{variant} ({variant.sku})", "name": basket.customer.display_name})
        logger.info("clerk wishlist add", extra={"user_id": request.user.pk, "variant_id": variant.pk})
    return redirect(_next(request, reverse("clerk:basket")))
