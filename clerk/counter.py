"""The basket at the counter: who it is for, then sold from the shelf now or ordered for the customer.

Each money action runs in one durable transaction and carries the basket's number, so a double tap sells once."""

import logging
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from channels.services.store_orders import OrderChoice
from clerk.basket import (
    basket_customer_by_email,
    basket_customer_set,
    basket_due,
    basket_for,
    basket_lines,
    basket_order,
    basket_restart,
    basket_sell,
)
from clerk.counter_card import card_on_reader, order_on_reader
from clerk.forms import CounterEmailForm, OrderForm, SellForm
from clerk.tablet import basket_required
from clerk.terminal import terminal_reader
from clerk.views import clerk_required
from core.exceptions import DomainError
from core.formatting import money_format
from core.roles import is_staff_with
from inventory.models import Location
from orders.models import Order
from orders.selectors import last_shipping_address
from pickup.availability import variants_stock
from pickup.checkout_options import pickup_choices
from pickup.selectors import windows_by_location

logger = logging.getLogger(__name__)

SELL_PERM = "clerk.sell_at_store"
ORDER_PERM = "clerk.order_for_customer"


def _last_address(customer) -> dict:
    """The address the customer last had an order delivered to: what the delivery form starts from."""
    if customer is None:
        return {}
    last = last_shipping_address(customer=customer)
    return {"name": f"{customer.first_name} {customer.last_name}".strip(), **(last or {})}


def _page(request: HttpRequest, *, basket, sell_form=None, order_form=None, email_form=None, status=200):
    lines = basket_lines(basket=basket)
    stock = {
        row.variant.pk: row
        for row in variants_stock(variants=[line.variant for line in lines], location=basket.location)
    }
    rows = [(line, stock[line.variant_id]) for line in lines]
    now = timezone.now()
    wanted = {line.variant_id: line.quantity for line in lines}
    choices = (
        pickup_choices(
            wanted=wanted,
            skus={line.variant_id: line.variant.sku for line in lines},
            now=now,
            home_store_id=basket.location_id,
        )
        if lines
        else []
    )
    windows = windows_by_location(ready={c.location.pk: c.ready_at for c in choices if c.selectable}, now=now)
    try:
        due = basket_due(lines=lines, customer=basket.customer, reward_code=request.POST.get("reward_code", ""))
    except DomainError:
        due = basket_due(lines=lines, customer=basket.customer)
    context = {
        "store": request.store,
        "basket": basket,
        "rows": rows,
        "due": due,
        "on_shelf": all(row.here >= line.quantity for line, row in rows),
        "store_choices": [(choice, windows.get(choice.location.pk, [])) for choice in choices],
        "sell_form": sell_form or SellForm(initial={"number": basket.number, "method": "cash"}),
        "order_form": order_form
        or OrderForm(
            initial={
                "number": basket.number,
                "fulfilment": "pickup",
                "payment": "pay_at_pickup",
                **_last_address(basket.customer),
            }
        ),
        "email_form": email_form or CounterEmailForm(),
        "may_sell": is_staff_with(request.user, SELL_PERM),
        "may_order": is_staff_with(request.user, ORDER_PERM),
    }
    return render(request, "clerk/basket.html", context, status=status)


@clerk_required
def basket_view(request: HttpRequest) -> HttpResponse:
    """The basket: its lines with stock here, the customer, and the two ways out: sell now, or order."""
    basket_required(request)
    return _page(request, basket=basket_for(user=request.user, location=request.store))


@require_POST
@clerk_required
def basket_customer(request: HttpRequest) -> HttpResponse:
    """The customer's email typed at the counter (found or created, with consent), or nobody: anonymous."""
    basket_required(request)
    basket = basket_for(user=request.user, location=request.store)
    if request.POST.get("anonymous"):
        basket_customer_set(basket=basket, customer=None)
        messages.info(request, _("The basket is for a customer without a profile."))
        return redirect("clerk:basket")
    form = CounterEmailForm(request.POST)
    if not form.is_valid():
        return _page(request, basket=basket, email_form=form, status=400)
    try:
        with transaction.atomic(durable=True):
            customer = basket_customer_by_email(
                basket=basket, email=form.cleaned_data["email"], consent=form.cleaned_data["consent"]
            )
    except DomainError as exc:
        form.add_error("email", exc.message)
        return _page(request, basket=basket, email_form=form, status=400)
    messages.success(request, _("Serving %(name)s.") % {"name": customer.display_name})
    return redirect("clerk:basket")


@require_POST
@clerk_required
def basket_clear(request: HttpRequest) -> HttpResponse:
    """Start again for the next customer."""
    basket_required(request)
    basket_restart(basket=basket_for(user=request.user, location=request.store))
    return redirect("clerk:basket")


def _change(given: Decimal | None, due: Decimal) -> Decimal | None:
    """The change for cash handed over; None when it is not enough."""
    if given is None:
        return Decimal("0.00")
    return given - due if given >= due else None


def _sold(request: HttpRequest, order: Order, created: bool, change: Decimal | None) -> HttpResponse:
    if not created:
        messages.info(
            request, _("%(number)s was already recorded; nothing was charged twice.") % {"number": order.number}
        )
        return redirect("clerk:basket")
    said = _("%(number)s: %(total)s, paid.") % {
        "number": order.number,
        "total": money_format(order.total, order.currency),
    }
    if change:
        said += " " + _("Change: %(change)s.") % {"change": money_format(change, order.currency)}
    if order.email:
        said += " " + _("The receipt goes to %(email)s.") % {"email": order.email}
    messages.success(request, said)
    return redirect("clerk:basket")


@require_POST
@clerk_required
def basket_sell_view(request: HttpRequest) -> HttpResponse:
    """Sell the basket from the shelf now, through the till's service, paid in cash or by card."""
    if not is_staff_with(request.user, SELL_PERM):
        raise PermissionDenied(_("Your role does not allow selling at the counter."))
    basket = basket_for(user=request.user, location=request.store)
    form = SellForm(request.POST)
    if not form.is_valid():
        return _page(request, basket=basket, sell_form=form, status=400)
    data = form.cleaned_data
    try:
        due = basket_due(lines=basket_lines(basket=basket), customer=basket.customer, reward_code=data["reward_code"])
    except DomainError as exc:
        form.add_error("reward_code", exc.message)
        return _page(request, basket=basket, sell_form=form, status=400)
    if data["method"] == "card" and terminal_reader(basket):
        return card_on_reader(request, basket=basket, form=form, page=_page)
    change = _change(data["cash_given"] if data["method"] == "cash" else None, due.total)
    if change is None:
        form.add_error("cash_given", _("That is less than the %(total)s to pay.") % {"total": money_format(due.total)})
        return _page(request, basket=basket, sell_form=form, status=400)
    try:
        with transaction.atomic(durable=True):
            order, created = basket_sell(
                basket=basket,
                number=data["number"],
                method=data["method"],
                reward_code=data["reward_code"],
                actor=request.user,
            )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _page(request, basket=basket_for(user=request.user, location=request.store), sell_form=form, status=409)
    logger.info("clerk sale", extra={"user_id": request.user.pk, "order": order.number, "new_order": created})
    return _sold(request, order, created, change)


@require_POST
@clerk_required
def basket_order_view(request: HttpRequest) -> HttpResponse:
    """Order the basket for the customer: pickup at any store or delivery, paid now or at pickup."""
    if not is_staff_with(request.user, ORDER_PERM):
        raise PermissionDenied(_("Your role does not allow ordering for customers."))
    basket = basket_for(user=request.user, location=request.store)
    form = OrderForm(request.POST)
    if not form.is_valid():
        return _page(request, basket=basket, order_form=form, status=400)
    data = form.cleaned_data
    location = None
    if data["fulfilment"] == "pickup":
        location = Location.objects.filter(code=data["location"], kind=Location.Kind.STORE).first()
    choice = OrderChoice(
        fulfilment=data["fulfilment"],
        payment=data["payment"],
        location=location,
        slot=data["slot"] if data["fulfilment"] == "pickup" else None,
        address=form.address(),
        reward_code=data["reward_code"],
    )
    if data["payment"] == Order.PaymentMethod.CARD_PRESENT and terminal_reader(basket):
        return order_on_reader(request, basket=basket, form=form, choice=choice, page=_page)
    try:
        with transaction.atomic(durable=True):
            order, created = basket_order(basket=basket, number=data["number"], choice=choice, actor=request.user)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _page(request, basket=basket_for(user=request.user, location=request.store), order_form=form, status=409)
    change = None
    if created and data["payment"] == "cash" and data["cash_given"] is not None and data["cash_given"] > order.total:
        change = data["cash_given"] - order.total
    logger.info("clerk order", extra={"user_id": request.user.pk, "order": order.number, "new_order": created})
    if created and order.payment_status != Order.PaymentStatus.PAID:
        messages.success(
            request,
            _("%(number)s ordered for %(name)s: %(total)s to pay at pickup. The confirmation goes to %(email)s.")
            % {
                "number": order.number,
                "name": order.name or order.email,
                "total": money_format(order.total, order.currency),
                "email": order.email,
            },
        )
        return redirect("clerk:basket")
    return _sold(request, order, created, change)
