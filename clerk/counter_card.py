"""The counter's card on the store's reader: ask for the card, wait for it (a page with a button to ask again, which a
small script presses by itself), cancel it on the reader. A sale is recorded by `clerk.terminal`, an order placed for
the customer is paid through `clerk.reader_orders`, once Stripe says the card paid."""

import logging

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clerk.models import TerminalPayment
from clerk.reader_orders import reader_order_cancel, reader_order_check, reader_order_send, reader_order_start
from clerk.tablet import basket_required
from clerk.terminal import terminal_cancel, terminal_check, terminal_send, terminal_start
from clerk.views import clerk_required
from core.exceptions import DomainError
from core.formatting import money_format

logger = logging.getLogger(__name__)

POLL_SECONDS = 3
ORDER = TerminalPayment.Kind.ORDER


def card_on_reader(request: HttpRequest, *, basket, form, page) -> HttpResponse:
    """The sell form's card, where the store has a reader: written now, handed to the reader after the commit."""
    data = form.cleaned_data
    try:
        with transaction.atomic(durable=True):
            payment = terminal_start(
                basket=basket, number=data["number"], reward_code=data["reward_code"], actor=request.user
            )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return page(request, basket=basket, sell_form=form, status=409)
    if not payment.intent_id:
        payment = terminal_send(payment=payment)
    logger.info("clerk card on reader", extra={"user_id": request.user.pk, "order": payment.number})
    return redirect("clerk:card", number=payment.number)


def order_on_reader(request: HttpRequest, *, basket, form, choice, page) -> HttpResponse:
    """The order form's "card now", where the store has a reader: the order placed unpaid with its card written, the
    card asked for on the reader after the commit."""
    try:
        with transaction.atomic(durable=True):
            payment = reader_order_start(
                basket=basket, number=form.cleaned_data["number"], choice=choice, actor=request.user
            )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return page(request, basket=basket, order_form=form, status=409)
    if not payment.intent_id:
        payment = reader_order_send(payment=payment)
    logger.info("clerk order card on reader", extra={"user_id": request.user.pk, "order": payment.number})
    return redirect("clerk:card", number=payment.number)


def _payment_or_404(request: HttpRequest, number: str) -> TerminalPayment:
    payment = TerminalPayment.objects.filter(number=number, user=request.user).select_related("order").first()
    if payment is None:
        raise Http404(_("No such card payment."))
    return payment


def _done(request: HttpRequest, payment: TerminalPayment) -> HttpResponse:
    if payment.status == TerminalPayment.Status.PAID:
        said = _("%(number)s: %(total)s, paid by card.") % {
            "number": payment.number,
            "total": money_format(payment.amount, payment.currency),
        }
        if payment.order and payment.order.email:
            said += " " + _("The receipt goes to %(email)s.") % {"email": payment.order.email}
        messages.success(request, said)
    elif payment.kind == ORDER:
        messages.error(
            request,
            _(
                "The card was not paid (%(reason)s). Order %(number)s is cancelled and its lines are back in the "
                "basket: try again, or order it paid at pickup."
            )
            % {"reason": payment.message, "number": payment.number},
        )
    else:
        messages.error(
            request,
            _("The card was not paid (%(reason)s). The basket is as it was: try again, or take cash.")
            % {"reason": payment.message},
        )
    return redirect("clerk:basket")


@clerk_required
def card_wait(request: HttpRequest, number: str) -> HttpResponse:
    """Waiting for the customer's card on the reader: asks Stripe each time it is shown. With ?poll=1 (the page's
    script) it answers in JSON whether to show it again, without taking the answer's message away."""
    basket_required(request)
    payment = _payment_or_404(request, number)
    payment = reader_order_check(payment=payment) if payment.kind == ORDER else terminal_check(payment=payment)
    if request.GET.get("poll"):
        return JsonResponse({"waiting": payment.status == TerminalPayment.Status.WAITING, "message": payment.message})
    if payment.status != TerminalPayment.Status.WAITING:
        return _done(request, payment)
    context = {"store": request.store, "payment": payment, "poll_seconds": POLL_SECONDS}
    return render(request, "clerk/card_wait.html", context)


@require_POST
@clerk_required
def card_cancel(request: HttpRequest, number: str) -> HttpResponse:
    """Stop the reader's action: the basket stays as it was (an order's unpaid order is cancelled)."""
    basket_required(request)
    payment = _payment_or_404(request, number)
    payment = reader_order_cancel(payment=payment) if payment.kind == ORDER else terminal_cancel(payment=payment)
    return _done(request, payment)
