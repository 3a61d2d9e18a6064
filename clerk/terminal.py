"""Card at the counter on the store's Stripe Terminal reader, server-driven.

The payment is written first (`terminal_start`, in the caller's transaction: what the basket holds now and what it
costs), Stripe is asked after the commit (`terminal_send`: a card-present PaymentIntent, keyed by the basket's number
and amount, handed to the reader), and the sale is recorded only when Stripe says the card paid: the webhook
(`terminal_settle` through payments' signal) or a retrieve of the intent from the waiting page (`terminal_check`),
whichever comes first; the row's lock makes the other one a no-op. A decline or a cancelled action leaves the basket as
it was."""

import logging
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from channels.services.pos import SaleLine
from clerk.basket import (
    BasketInvalid,
    basket_due,
    basket_lines_checked,
    basket_order_done,
    basket_restart,
    counter_sale_record,
)
from clerk.models import Basket, TerminalPayment
from orders.models import Order
from orders.services.status import order_note_add
from payments.services import stripe_client
from payments.services.stripe_api import to_minor

log = logging.getLogger(__name__)


def terminal_reader(basket: Basket) -> str:
    """The store's reader, or "" when card at this counter is the store's own terminal."""
    return basket.location.terminal_reader_id or ""


@transaction.atomic
def terminal_start(*, basket: Basket, number: str, reward_code: str = "", actor) -> TerminalPayment:
    """Write (or write again, after a decline) the basket's card payment as it stands now; Stripe comes after."""
    if basket_order_done(number=number) is not None:
        raise BasketInvalid(gettext("This basket was already sold."))
    lines = basket_lines_checked(basket, number)
    due = basket_due(lines=lines, customer=basket.customer, reward_code=reward_code)
    if due.total <= 0:
        raise BasketInvalid(gettext("Nothing is left to pay by card."))
    snapshot = [
        {"sku": line.variant.sku, "quantity": line.quantity, "unit_price": str(line.variant.price)} for line in lines
    ]
    payment = TerminalPayment.objects.select_for_update().filter(number=number).first()
    if payment is not None and payment.status == TerminalPayment.Status.WAITING and payment.intent_id:
        if payment.lines == snapshot and payment.amount == due.total:
            return payment  # already on the reader: a double tap waits for the same card
        raise BasketInvalid(gettext("A card is already asked for on the reader: cancel it there first."))
    values = {
        "user": actor,
        "location": basket.location,
        "customer": basket.customer,
        "lines": snapshot,
        "reward_code": due.reward_code,
        "amount": due.total,
        "currency": settings.SHOP_CURRENCY,
        "reader_id": terminal_reader(basket),
        "intent_id": "",
        "status": TerminalPayment.Status.WAITING,
        "message": "",
    }
    payment, _ = TerminalPayment.objects.update_or_create(number=number, defaults=values)
    return payment


def _fail(payment: TerminalPayment, message: str) -> TerminalPayment:
    TerminalPayment.objects.filter(pk=payment.pk, status=TerminalPayment.Status.WAITING).update(
        status=TerminalPayment.Status.FAILED, message=message[:300]
    )
    payment.refresh_from_db()
    return payment


def terminal_send(*, payment: TerminalPayment) -> TerminalPayment:
    """Outside any transaction: the PaymentIntent for the amount written, handed to the store's reader."""
    client = stripe_client()
    minor = to_minor(payment.amount, payment.currency)
    try:
        intent = client.v1.payment_intents.create(
            params={
                "amount": minor,
                "currency": payment.currency.lower(),
                "payment_method_types": ["card_present"],
                "capture_method": "automatic",
                "metadata": {"counter_number": payment.number},
            },
            options={"idempotency_key": f"counter-{payment.number}-{minor}-pi"},
        )
        TerminalPayment.objects.filter(pk=payment.pk).update(intent_id=intent.id)
        payment.intent_id = intent.id
        client.v1.terminal.readers.process_payment_intent(payment.reader_id, params={"payment_intent": intent.id})
    except stripe.StripeError as exc:
        log.warning("The reader could not take the card for %s: %s", payment.number, exc)
        return _fail(
            payment, gettext("The card reader could not be reached: %(error)s") % {"error": exc.user_message or exc}
        )
    return payment


def terminal_check(*, payment: TerminalPayment) -> TerminalPayment:
    """Outside any transaction: ask Stripe how the card went, and settle when it has an answer."""
    if payment.status != TerminalPayment.Status.WAITING or not payment.intent_id:
        return payment
    client = stripe_client()
    try:
        intent = client.v1.payment_intents.retrieve(payment.intent_id).to_dict()
        if intent.get("status") == "succeeded":
            received = intent.get("amount_received") or intent.get("amount")
            terminal_settle(intent_id=payment.intent_id, succeeded=True, amount=received)
        else:
            action = client.v1.terminal.readers.retrieve(payment.reader_id).to_dict().get("action") or {}
            if action.get("status") == "failed":
                reason = action.get("failure_message") or action.get("failure_code") or "declined"
                terminal_settle(intent_id=payment.intent_id, succeeded=False, message=str(reason))
    except stripe.StripeError as exc:
        log.warning("Could not ask Stripe about the card for %s: %s", payment.number, exc)
    payment.refresh_from_db()
    return payment


def terminal_cancel(*, payment: TerminalPayment) -> TerminalPayment:
    """Outside any transaction: stop the reader's action; the basket stays as it was."""
    if payment.status != TerminalPayment.Status.WAITING:
        return payment
    try:
        stripe_client().v1.terminal.readers.cancel_action(payment.reader_id)
    except stripe.StripeError as exc:
        log.warning("Could not cancel the reader's action for %s: %s", payment.number, exc)
    payment = terminal_check(payment=payment)  # the card may have paid just before the cancel
    return _fail(payment, gettext("Cancelled on the reader."))


@transaction.atomic
def terminal_settle(*, intent_id: str, succeeded: bool, amount: int | None = None, message: str = "") -> str:
    """Stripe's answer for a reader payment, once: paid records the sale through the till's service (the intent on
    the order, for a refund); a decline leaves the basket as it was. The outcome, for the webhook's record."""
    payment = TerminalPayment.objects.select_for_update().filter(intent_id=intent_id, kind="sale").first()
    if payment is None:
        return ""
    # A card that paid after the clerk cancelled still pays for what was asked: only "paid" is final.
    if payment.status == TerminalPayment.Status.PAID or (
        not succeeded and payment.status != TerminalPayment.Status.WAITING
    ):
        return f"counter payment {payment.number} already {payment.status}"
    if not succeeded:
        payment.status, payment.message = TerminalPayment.Status.FAILED, (message or "declined")[:300]
        payment.save(update_fields=["status", "message", "updated_at"])
        return f"counter payment {payment.number} failed"
    if amount is not None and amount != to_minor(payment.amount, payment.currency):
        log.error("Reader payment %s: %s received for %s", payment.number, amount, payment.amount)
        return f"counter payment {payment.number}: amount does not match"
    order = _record(payment)
    payment.status, payment.order = TerminalPayment.Status.PAID, order
    payment.save(update_fields=["status", "order", "updated_at"])
    return f"counter sale {order.number} recorded"


def _record(payment: TerminalPayment) -> Order:
    lines = [SaleLine(sku=x["sku"], quantity=x["quantity"], unit_price=Decimal(x["unit_price"])) for x in payment.lines]
    order, created = counter_sale_record(
        location=payment.location,
        number=payment.number,
        lines=lines,
        reward_code=payment.reward_code,
        method="card",
        amount=payment.amount,
        customer=payment.customer,
        actor=payment.user,
    )
    if not created:  # sold otherwise (in cash, say) while the reader waited: the card money is to go back
        late = {"intent": payment.intent_id, "amount": str(payment.amount), "currency": order.currency}
        order_note_add(order=order, message="reader_paid_after_sale", params=late)
        return order
    Order.objects.filter(pk=order.pk).update(stripe_payment_intent_id=payment.intent_id)
    basket = Basket.objects.select_for_update().filter(user=payment.user, number=payment.number).first()
    if basket is not None:
        basket_restart(basket=basket)
    return order
