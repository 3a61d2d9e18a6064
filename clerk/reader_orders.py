"""An order placed for the customer and paid now, by card on the store's reader.

The order is placed unpaid, as a card order (its units held until `CHECKOUT_PAYMENT_TIMEOUT`), with its reader payment
written in the same transaction (`reader_order_start`). After the commit a card-present PaymentIntent is made for it,
recorded on the order, and handed to the reader (`reader_order_send`; the waiting page and beat ask again while that
fails). Stripe's word that the card paid goes through payments, as for any card order: the webhook, or the waiting
page's retrieve (`reader_order_check`), each under the order's lock, so the order is paid once. A decline or a cancel
cancels the unpaid order (its units go back on sale) and puts its lines back in the basket, under the basket's new
number: the clerk tries again, or orders it paid at pickup."""

import logging
from dataclasses import replace
from datetime import datetime, timedelta

import stripe
from django.db import transaction
from django.utils.translation import gettext

from catalog.models import Variant
from channels.services.store_orders import OrderChoice
from clerk.basket import BasketInvalid, basket_order
from clerk.models import Basket, BasketLine, TerminalPayment
from clerk.terminal import terminal_reader
from orders.models import Order
from orders.services.status import order_lock, order_transition
from payments.services import stripe_client
from payments.services.intents import payment_intent_card_present
from payments.services.webhooks import payment_intent_apply

log = logging.getLogger(__name__)

ORDER, WAITING = TerminalPayment.Kind.ORDER, TerminalPayment.Status.WAITING
SEND_AGAIN_AFTER = timedelta(minutes=1)


@transaction.atomic
def reader_order_start(*, basket: Basket, number: str, choice: OrderChoice, actor) -> TerminalPayment:
    """Place the basket's order unpaid and write its card on the reader; a double tap finds the same payment."""
    payment = TerminalPayment.objects.filter(number=number, kind=ORDER).first()
    if payment is not None:
        return payment
    card = Order.PaymentMethod.CARD
    order, created = basket_order(
        basket=basket, number=number, choice=replace(choice, payment=card), actor=actor, methods=(card,)
    )
    if not created:  # a second tap that waited for the first: its payment is committed with its order
        payment = TerminalPayment.objects.filter(number=number, kind=ORDER).first()
        if payment is None:
            raise BasketInvalid(gettext("This basket was already sold."))
        return payment
    if order.total <= 0:
        raise BasketInvalid(gettext("Nothing is left to pay by card."))
    return TerminalPayment.objects.create(
        number=order.number,
        kind=ORDER,
        order=order,
        user=actor,
        location=basket.location,
        customer=order.customer,
        lines=[
            {"sku": line.sku, "quantity": line.quantity, "unit_price": str(line.unit_price)}
            for line in order.lines.order_by("pk")
        ],
        reward_code=order.reward_code or "",
        amount=order.total,
        currency=order.currency,
        reader_id=terminal_reader(basket),
    )


def reader_order_send(*, payment: TerminalPayment) -> TerminalPayment:
    """Outside any transaction: the order's PaymentIntent (made once), handed to the reader. A failure is kept on the
    payment (its message) to be sent again."""
    message = ""
    try:
        payment.intent_id = payment_intent_card_present(order=payment.order)
        TerminalPayment.objects.filter(pk=payment.pk).update(intent_id=payment.intent_id)
        stripe_client().v1.terminal.readers.process_payment_intent(
            payment.reader_id, params={"payment_intent": payment.intent_id}
        )
    except stripe.StripeError as exc:
        log.warning("The reader could not take the card for order %s: %s", payment.number, exc)
        message = gettext("The card reader could not be reached: %(error)s") % {"error": exc.user_message or exc}
    TerminalPayment.objects.filter(pk=payment.pk, status=WAITING).update(message=message[:300])
    payment.refresh_from_db()
    return payment


def _reader_action(payment: TerminalPayment) -> dict:
    """The reader's current action when it is about this payment's intent, else {}."""
    action = stripe_client().v1.terminal.readers.retrieve(payment.reader_id).to_dict().get("action") or {}
    ours = (action.get("process_payment_intent") or {}).get("payment_intent") == payment.intent_id
    return action if ours else {}


def reader_order_check(*, payment: TerminalPayment) -> TerminalPayment:
    """Outside any transaction: ask Stripe how the card went (sending it again if the last send failed), and follow
    the order: paid through payments, as the webhook would; declined, the order cancelled."""
    if payment.status != WAITING:
        return payment
    try:
        intent = payment.intent_id and stripe_client().v1.payment_intents.retrieve(payment.intent_id).to_dict()
        if intent and intent.get("status") == "succeeded":
            payment_intent_apply(intent=intent)
        elif payment.order.status == Order.Status.PENDING:
            action = _reader_action(payment) if intent else {}
            if action.get("status") == "failed":
                reason = action.get("failure_message") or action.get("failure_code") or "declined"
                reader_order_close(payment_id=payment.pk, message=str(reason))
            elif not action and (payment.message or not intent):
                reader_order_send(payment=payment)
    except stripe.StripeError as exc:
        log.warning("Could not ask Stripe about the card for order %s: %s", payment.number, exc)
    return reader_order_follow(payment=payment)


def reader_order_follow(*, payment: TerminalPayment) -> TerminalPayment:
    """Outside any transaction: the payment as its order now stands, paid with this card, or closed without it."""
    order = Order.objects.get(pk=payment.order_id)
    if order.is_paid and order.stripe_payment_intent_id == payment.intent_id:
        TerminalPayment.objects.filter(pk=payment.pk, status=WAITING).update(status=TerminalPayment.Status.PAID)
    elif order.status != Order.Status.PENDING:  # expired, or cancelled elsewhere: its lines back in the basket
        reader_order_close(payment_id=payment.pk, message=str(order.get_status_display()))
    payment.refresh_from_db()
    return payment


def reader_order_cancel(*, payment: TerminalPayment) -> TerminalPayment:
    """Outside any transaction: stop the reader's action and cancel the unpaid order (unless the card just paid)."""
    if payment.status != WAITING:
        return payment
    try:
        if payment.intent_id:
            stripe_client().v1.terminal.readers.cancel_action(payment.reader_id)
    except stripe.StripeError as exc:
        log.warning("Could not cancel the reader's action for order %s: %s", payment.number, exc)
    payment = reader_order_check(payment=payment)  # the card may have paid just before the cancel
    reader_order_close(payment_id=payment.pk, message=gettext("Cancelled on the reader."))
    return reader_order_follow(payment=payment)


@transaction.atomic
def reader_order_close(*, payment_id: int, message: str) -> str:
    """The card was declined or cancelled: the unpaid order is cancelled (its units released) and its lines go back
    in the clerk's basket. Locks the payment, then the order (the lock order), then the basket. Its outcome."""
    payment = TerminalPayment.objects.select_for_update().get(pk=payment_id)
    if payment.status != WAITING:
        return f"counter order {payment.number} already {payment.status}"
    order = order_lock(order_id=payment.order_id)
    if order.is_paid:  # the card paid first: nothing to undo, the waiting page follows the order
        return f"counter order {payment.number} already paid"
    if order.status == Order.Status.PENDING:
        reason = {"reason": (message or "declined")[:250]}
        order_transition(order=order, to=Order.Status.CANCELLED, message="reader_not_paid", params=reason)
    payment.status, payment.message = TerminalPayment.Status.FAILED, (message or "declined")[:300]
    payment.save(update_fields=["status", "message", "updated_at"])
    _basket_refill(payment)
    return f"counter order {payment.number} cancelled"


def _basket_refill(payment: TerminalPayment) -> None:
    """The order's lines back in the clerk's basket, unless the clerk has gone on to another one."""
    basket = Basket.objects.select_for_update().filter(user=payment.user).first()
    if basket is None or BasketLine.objects.filter(basket=basket).exists():
        return
    variants = Variant.objects.in_bulk([line["sku"] for line in payment.lines], field_name="sku")
    BasketLine.objects.bulk_create(
        BasketLine(basket=basket, variant=variants[line["sku"]], quantity=line["quantity"])
        for line in payment.lines
        if line["sku"] in variants
    )
    if basket.customer_id is None:
        basket.customer_id = payment.customer_id
        basket.save(update_fields=["customer", "updated_at"])


def reader_order_answered(*, intent_id: str, succeeded: bool, message: str) -> str:
    """The webhook's word on a reader's action that failed, for an order's card: the order is cancelled."""
    payment = TerminalPayment.objects.filter(intent_id=intent_id, kind=ORDER).first()
    if payment is None or succeeded:
        return ""
    return reader_order_close(payment_id=payment.pk, message=message)


def reader_orders_send_due(*, now: datetime) -> int:
    """Beat: the orders' cards whose send failed (or never ran) a minute ago and more, sent again while the order still
    waits for payment. How many were sent."""
    due = TerminalPayment.objects.filter(
        kind=ORDER, status=WAITING, updated_at__lt=now - SEND_AGAIN_AFTER, order__status=Order.Status.PENDING
    ).exclude(intent_id__gt="", message="")
    sent = 0
    for payment in due.select_related("order"):
        reader_order_send(payment=payment)
        sent += 1
    return sent
