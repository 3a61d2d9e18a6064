"""The cart pages: see, add, change and remove lines with plain forms (no JavaScript needed)."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from catalog.models import Variant
from inventory.exceptions import InsufficientStock, UnknownVariant
from orders import selectors, services
from orders.exceptions import CheckoutInvalid
from storefront.cart_notice import ANCHOR, notice_pop, notice_remember
from storefront.carts import cart_for_request, remember_count
from storefront.views.account import _safe_next


class LineForm(forms.Form):
    """A SKU (or, from product cards, a variant id) and a whole quantity from 1 to the line maximum."""

    sku = forms.CharField(max_length=64, required=False)
    variant = forms.IntegerField(required=False, min_value=1)
    quantity = forms.IntegerField(min_value=1, max_value=services.MAX_LINE_QUANTITY)

    def __init__(self, *args, quantity_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].required = quantity_required

    def variant_object(self) -> Variant:
        data = self.cleaned_data
        variants = Variant.objects.select_related("product")
        if data.get("sku"):
            found = variants.filter(sku=data["sku"]).first()
        elif data.get("variant"):
            found = variants.filter(pk=data["variant"]).first()
        else:
            raise CheckoutInvalid(gettext("Say which item: a SKU is needed."), field="sku")
        if found is None:
            raise UnknownVariant([data.get("sku") or data.get("variant")])
        return found


def _valid(request, *, quantity_required: bool = True) -> tuple[LineForm, Variant]:
    form = LineForm(request.POST, quantity_required=quantity_required)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise CheckoutInvalid(f"{field.capitalize()}: {' '.join(errors)}", field=field)
    return form, form.variant_object()


@require_safe
def cart(request):
    summary = selectors.cart_summary(cart=cart_for_request(request))
    remember_count(request, summary)
    context = {"summary": summary, "max_quantity": services.MAX_LINE_QUANTITY, "notice": notice_pop(request)}
    return render(request, "storefront/cart.html", context)


def short_text(*, item: str, available: int, in_cart: int) -> str:
    """What is true when the shop cannot promise what was asked for, and what it can do instead."""
    if available <= 0:
        return gettext("Sorry, %(item)s is sold out online.") % {"item": item}
    if in_cart >= available:
        return gettext("Only %(available)s left, and your cart already holds them all.") % {"available": available}
    return gettext("Only %(available)s left — we can put %(available)s in your cart.") % {"available": available}


def _near_button(back: str) -> str:
    """The product page again, scrolled to the notice beside its button (without the picked option's focus)."""
    parts = urlsplit(back)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "picked"])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ANCHOR))


@require_POST
def cart_add(request):
    """Add units; from a product page (`near`) the answer waits beside its button, elsewhere it is a message."""
    back = _safe_next(request, reverse("storefront:cart"))
    near = request.POST.get("near") == "1"
    form, variant = _valid(request)
    current = cart_for_request(request, create=True)
    try:
        services.cart_line_add(cart=current, variant=variant, quantity=form.cleaned_data["quantity"])
    except InsufficientStock as exc:
        available = exc.lines[0].available if exc.lines else 0
        in_cart = selectors.cart_summary(cart=current).wanted.get(variant.pk, 0)
        if not near:
            messages.error(request, short_text(item=str(variant), available=available, in_cart=in_cart))
            return redirect(back)
        notice_remember(request, kind="short", sku=variant.sku, item=str(variant), available=available, in_cart=in_cart)
        return redirect(_near_button(back))
    remember_count(request, selectors.cart_summary(cart=current))
    if not near:
        messages.success(request, gettext("%(item)s is in your cart.") % {"item": variant})
        return redirect(back)
    notice_remember(request, kind="added", sku=variant.sku, item=str(variant))
    return redirect(_near_button(back))


@require_POST
def cart_update(request):
    form, variant = _valid(request)
    current = cart_for_request(request)
    if current is None:
        raise UnknownVariant([variant.sku])
    try:
        services.cart_line_set(cart=current, variant=variant, quantity=form.cleaned_data["quantity"])
    except InsufficientStock as exc:
        available = exc.lines[0].available if exc.lines else 0
        notice_remember(request, kind="short", sku=variant.sku, item=str(variant), available=available)
        return redirect(f"{reverse('storefront:cart')}#{ANCHOR}")
    return redirect("storefront:cart")


@require_POST
def cart_remove(request):
    _form, variant = _valid(request, quantity_required=False)
    current = cart_for_request(request)
    if current is not None and services.cart_line_remove(cart=current, variant=variant):
        messages.success(request, gettext("%(item)s is out of your cart.") % {"item": variant})
    return redirect("storefront:cart")
