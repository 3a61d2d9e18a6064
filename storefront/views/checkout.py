"""Checkout: who, pickup store or delivery address, how to pay; then the confirmation. Plain forms, no JavaScript."""

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from customers.models import Channel
from inventory.exceptions import InsufficientStock
from inventory.models import Location
from loyalty.exceptions import LoyaltyError
from loyalty.selectors import rewards_open
from loyalty.services import reward_validate
from loyalty.services.rewards import reward_discount
from orders import selectors
from orders.emails import order_guest_token_check, ready_text
from orders.exceptions import CheckoutInvalid, UnknownLocation
from orders.models import Order
from payments.checkout import card_payment_enabled, payment_hook
from payments.exceptions import PaymentUnavailable
from payments.services import payment_client_secret
from pickup.checkout import checkout_place
from pickup.checkout_options import checkout_options, location_has_windows
from pickup.exceptions import SlotFull, SlotInvalid
from pickup.selectors import pickup_for_shopper
from returns.selectors import order_detail_with_returns
from storefront.carts import cart_for_request, remember_count
from storefront.shopper import shopper_language_remember
from storefront.views.account import customer_for

PLACED_KEY = "placed_orders"
# Buttons that redraw the form instead of placing the order: a pickup day's times, a reward code's money off.
STEPS = ("times", "apply")


class CheckoutForm(forms.Form):
    email = forms.EmailField(label=_("Email"), help_text=_("For the confirmation and the pickup message."))
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=32, required=False)
    fulfilment = forms.ChoiceField(
        label=_("How do you want it?"),
        choices=[(Order.Fulfilment.PICKUP, _("Pick up in store")), (Order.Fulfilment.SHIP, _("Delivery"))],
        widget=forms.RadioSelect,
        initial=Order.Fulfilment.PICKUP,
    )
    location = forms.CharField(max_length=20, required=False)
    slot = forms.DateTimeField(required=False)
    address_line = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    payment = forms.ChoiceField(label=_("Payment"), widget=forms.RadioSelect)
    reward_code = forms.CharField(
        label=_("Reward code (optional)"), max_length=16, required=False, help_text=_("From your loyalty points.")
    )

    def __init__(self, *args, card: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(Order.PaymentMethod.PAY_AT_PICKUP, _("Pay at pickup"))]
        if card:
            choices.insert(0, (Order.PaymentMethod.CARD, _("Card")))
        self.fields["payment"].choices = choices
        self.fields["payment"].initial = Order.PaymentMethod.PAY_AT_PICKUP

    def clean(self):
        data = super().clean()
        if data.get("fulfilment") == Order.Fulfilment.PICKUP and not data.get("location"):
            self.add_error("location", _("Choose a store to pick up from."))
        if data.get("fulfilment") == Order.Fulfilment.SHIP:
            for field in ("address_line", "postal_code", "city"):
                if not data.get(field):
                    self.add_error(field, _("Needed for delivery."))
        return data


def _reward_preview(code: str, *, customer, subtotal) -> dict:
    """What the Apply step shows: the code's money off and the new total, or why the code cannot be used."""
    code = (code or "").strip()
    if not code:
        return {}
    try:
        reward = reward_validate(code=code, customer=customer)
    except LoyaltyError as exc:
        return {"reward_error": exc.message}
    discount = reward_discount(reward=reward, order_total=subtotal)
    return {"reward": reward, "discount": discount, "discounted_total": subtotal - discount}


def _chosen_day(request, option, chosen_slot: str) -> str:
    """The day whose times are shown: the one asked for, else the chosen window's, else the first with room."""
    days = [d.value for d in option.days]
    asked = request.POST.get(f"day-{option.location.code}", "")
    if asked in days:
        return asked
    by_slot = next((d.value for d in option.days for w in d.windows if w.value == chosen_slot), "")
    return by_slot or (days[0] if days else "")


def _context(request, *, summary, form, error="", customer=None) -> dict:
    options = checkout_options(summary=summary, home_store_id=customer.home_store_id if customer else None)
    chosen_slot = form["slot"].value() or ""
    first = options.first_selectable
    chosen = form["location"].value() or (first.location.code if first else "")
    rows = [(option, _chosen_day(request, option, chosen_slot) if option.windows else "") for option in options.pickup]
    preview = _reward_preview(form["reward_code"].value(), customer=customer, subtotal=summary.total)
    to_pay = preview.get("discounted_total", summary.total)
    return {
        "summary": summary,
        "form": form,
        "options": options,
        "store_rows": rows,
        "chosen_slot": chosen_slot,
        "chosen": chosen,
        "error": error,
        "card_enabled": card_payment_enabled(),
        "shipping_fee": options.ship_fee,
        "open_rewards": rewards_open(customer=customer) if customer else [],
        "to_pay": to_pay,
        "to_pay_ship": to_pay + options.ship_fee,
        **preview,
    }


def _step(request, *, summary, customer, initial: dict):
    """A step that places nothing (show a day's times, apply a reward code): the page again with what was typed."""
    data = {**initial, **{key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}}
    if request.POST.get("apply_code"):
        data["reward_code"] = request.POST["apply_code"]
    form = CheckoutForm(None, card=card_payment_enabled(), initial=data)
    context = _context(request, summary=summary, form=form, customer=customer)
    context["step"] = "apply" if "apply_code" in request.POST else request.POST.get("step")
    return render(request, "storefront/checkout.html", context)


def _place(request, *, cart, customer, data: dict) -> Order:
    """Place the web order from the checkout form, committed on its own before any payment is asked for."""
    location = None
    if data["fulfilment"] == Order.Fulfilment.PICKUP:
        location = Location.objects.filter(code=data["location"]).first()
        if location is None:
            raise UnknownLocation(data["location"])
    slot = data["slot"] if location is not None and location_has_windows(location=location) else None
    with transaction.atomic(durable=True):
        return checkout_place(
            cart=cart,
            email=data["email"],
            name=data["name"],
            phone=data["phone"],
            customer=customer,
            fulfilment=data["fulfilment"],
            location=location,
            payment_method=data["payment"],
            address={
                "name": data["name"],
                "line1": data["address_line"],
                "postal_code": data["postal_code"],
                "city": data["city"],
            },
            reward_code=data["reward_code"],
            channel=Channel.WEB,
            slot=slot,
            actor=request.user if request.user.is_authenticated else None,
        )


@require_http_methods(["GET", "HEAD", "POST"])
def checkout(request):
    customer = customer_for(request)
    cart = cart_for_request(request)
    summary = selectors.cart_summary(cart=cart)
    if not summary.rows:
        return redirect("storefront:cart")
    initial = {}
    if customer is not None:
        initial = {"email": customer.email, "name": customer.display_name, "phone": customer.phone or ""}
    if request.method == "POST" and (request.POST.get("step") in STEPS or request.POST.get("apply_code")):
        return _step(request, summary=summary, customer=customer, initial=initial)
    form = CheckoutForm(request.POST or None, card=card_payment_enabled(), initial=initial)
    if request.method != "POST":
        return render(
            request, "storefront/checkout.html", _context(request, summary=summary, form=form, customer=customer)
        )
    if not form.is_valid():
        context = _context(request, summary=summary, form=form, customer=customer)
        return render(request, "storefront/checkout.html", context, status=400)
    data = form.cleaned_data
    hook = payment_hook() if data["payment"] == Order.PaymentMethod.CARD else None
    try:
        order = _place(request, cart=cart, customer=customer, data=data)
    except CheckoutInvalid as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return render(
            request,
            "storefront/checkout.html",
            _context(request, summary=summary, form=form, customer=customer),
            status=400,
        )
    except (SlotFull, SlotInvalid) as exc:
        context = _context(request, summary=summary, form=form, error=exc.message, customer=customer)
        return render(request, "storefront/checkout.html", context, status=409 if isinstance(exc, SlotFull) else 400)
    except InsufficientStock as exc:
        context = _context(request, summary=summary, form=form, error=exc.message, customer=customer)
        return render(request, "storefront/checkout.html", context, status=409)
    shopper_language_remember(customer=order.customer)
    request.session[PLACED_KEY] = [*request.session.get(PLACED_KEY, [])[-9:], order.number]
    remember_count(request, selectors.cart_summary(cart=None))
    if hook is not None:
        try:
            hook(order=order, cart=cart)
        except PaymentUnavailable as exc:  # the order was cancelled and its lines put back in the cart
            remember_count(request, selectors.cart_summary(cart=cart))
            context = _context(request, summary=summary, form=form, error=exc.message, customer=customer)
            return render(request, "storefront/checkout.html", context, status=503)
    return redirect("storefront:checkout_confirmation", number=order.number)


def _order_page(request, order: Order, *, template: str = "storefront/order.html", **extra):
    context = {"order": order, "ready": ready_text(order), **pickup_for_shopper(order_id=order.pk), **extra}
    return render(request, template, context)


@require_safe
def confirmation(request, number: str):
    """Right after checkout: only the browser that placed the order (or its signed-in owner) sees it."""
    customer = customer_for(request)
    if number not in request.session.get(PLACED_KEY, []) and customer is None:
        raise Http404("No such order.")
    try:
        if number in request.session.get(PLACED_KEY, []):
            order = order_detail_with_returns(number=number)
        else:
            order = order_detail_with_returns(number=number, customer=customer)
    except Order.DoesNotExist:
        raise Http404("No such order.") from None
    return _order_page(
        request, order, template="storefront/checkout_confirmation.html", **_card_payment(request, order)
    )


def _card_payment(request, order: Order) -> dict:
    """What the Payment Element needs while a card order waits for its money; back from Stripe, only the state."""
    if order.payment_method != Order.PaymentMethod.CARD or order.status != Order.Status.PENDING:
        return {}
    if request.GET.get("redirect_status") in ("succeeded", "processing"):
        return {"payment_processing": True}
    if not card_payment_enabled():
        return {}
    return {
        "payment_failed": request.GET.get("redirect_status") == "failed"
        or order.payment_status == Order.PaymentStatus.FAILED,
        "client_secret": payment_client_secret(order=order) or "",
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "return_url": request.build_absolute_uri(reverse("storefront:checkout_confirmation", args=[order.number])),
    }


@require_safe
def guest_order(request, token: str):
    """The signed link in a guest's email."""
    number = order_guest_token_check(token)
    if number is None:
        raise Http404("This link is not valid (any more).")
    try:
        order = order_detail_with_returns(number=number)
    except Order.DoesNotExist:
        raise Http404("No such order.") from None
    return _order_page(request, order)
