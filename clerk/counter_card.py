"""The counter's card on the store's reader: ask for the card, wait for it (a page that refreshes itself, and a
button to ask again), cancel it on the reader. The sale is recorded by `clerk.terminal` once Stripe says it paid."""

import logging

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clerk.models import TerminalPayment
from clerk.tablet import basket_required
from clerk.terminal import terminal_cancel, terminal_check, terminal_send, terminal_start
from clerk.views import clerk_required
from core.exceptions import DomainError
from core.formatting import money_format

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 3


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
    else:
        messages.error(
            request,
            _("The card was not paid (%(reason)s). The basket is as it was: try again, or take cash.")
            % {"reason": payment.message},
        )
    return redirect("clerk:basket")


@clerk_required
def card_wait(request: HttpRequest, number: str) -> HttpResponse:
    """Waiting for the customer's card on the reader: refreshes itself, and asks Stripe each time."""
    basket_required(request)
    payment = terminal_check(payment=_payment_or_404(request, number))
    if payment.status != TerminalPayment.Status.WAITING:
        return _done(request, payment)
    context = {"store": request.store, "payment": payment}
    response = render(request, "clerk/card_wait.html", context)
    # The browser asks again by itself, with or without JavaScript. A header rather than <meta http-equiv>: the page
    # says it checks again, and assistive tools do not announce a timed reload of the document they are reading.
    response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_POST
@clerk_required
def card_cancel(request: HttpRequest, number: str) -> HttpResponse:
    """Stop the reader's action: the basket stays as it was."""
    basket_required(request)
    payment = terminal_cancel(payment=_payment_or_404(request, number))
    return _done(request, payment)
