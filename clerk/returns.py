"""The returns desk: find the order (number, the receipt's QR code, or the customer), choose what comes back,
and take it back at this store through the return service — stock, refund, points and receipt in one go."""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clerk.forms import LookupForm
from clerk.selectors import staff_country
from clerk.views import clerk_required
from core.exceptions import DomainError
from core.formatting import money_format
from core.roles import is_staff_with
from customers.selectors import customer_lookup
from orders.models import Order
from returns.forms import ReturnForm, return_lines_chosen
from returns.models import ReturnLine
from returns.selectors import orders_returnable_for_customers, returnable_lines, returns_for_order
from returns.services import return_create

logger = logging.getLogger(__name__)


class ReturnFindForm(LookupForm):
    q = forms.CharField(
        label=_("Order number, receipt QR code, or the customer's email, phone or card"), max_length=200
    )


@clerk_required
def returns_find(request: HttpRequest) -> HttpResponse:
    """One box: an order number (typed or scanned from the receipt) opens the order; a customer lists theirs."""
    form = ReturnFindForm(request.GET or None)
    orders = None
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        order = Order.objects.filter(number__iexact=query).first()
        if order is not None:
            return redirect("clerk:return-order", number=order.number)
        customers = customer_lookup(query=query, country=staff_country(location=request.store), limit=5)
        orders = orders_returnable_for_customers(customer_ids=[c.pk for c in customers])
    return render(request, "clerk/returns.html", {"form": form, "orders": orders, "store": request.store})


@clerk_required
def return_order(request: HttpRequest, number: str) -> HttpResponse:
    """The order's lines with what can still come back; posting takes the chosen units back at this store."""
    order = Order.objects.select_related("location", "customer").filter(number=number).first()
    if order is None:
        raise Http404(gettext("No such order."))
    lines = returnable_lines(order=order)
    form = ReturnForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST":
        if not is_staff_with(request.user, "returns.add_return"):
            raise PermissionDenied(gettext("Taking returns needs the clerk role."))
        chosen, errors = return_lines_chosen(request.POST, lines)
        if form.is_valid() and not errors:
            try:
                ret, _ = return_create(
                    order=order,
                    location=request.store,
                    lines=chosen,
                    refund_method=form.cleaned_data["refund_method"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except DomainError as exc:
                errors.append(exc.message)
            else:
                logger.info("clerk return", extra={"user_id": request.user.pk, "return_id": ret.pk})
                messages.success(
                    request,
                    gettext("Return %(number)s: %(amount)s %(state)s.")
                    % {
                        "number": ret.number,
                        "amount": money_format(ret.refund_amount, order.currency),
                        "state": ret.get_refund_status_display().lower(),
                    },
                )
                return redirect(reverse("clerk:return-order", kwargs={"number": order.number}))
    context = {
        "order": order,
        "lines": lines,
        "returns": returns_for_order(order=order),
        "form": form,
        "errors": errors,
        "conditions": ReturnLine.Condition.choices,
        "returnable": order.is_returnable,
        "store": request.store,
    }
    return render(request, "clerk/returns_order.html", context, status=400 if errors else 200)
