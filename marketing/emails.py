"""The four customer emails, each built by one function into an EmailMultiAlternatives (HTML and text).

Builders only read and render: the admin preview calls them too, and nothing is sent or recorded here.
Every item links to its product page and carries the signed one-click add-to-wishlist link; every email
carries the signed unsubscribe link and the RFC 8058 one-click unsubscribe headers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy, ngettext

from catalog.models import Variant
from core.emails import email_render
from customers.language import in_customer_language
from customers.models import Customer
from marketing.models import MarketingEmail
from marketing.tokens import unsubscribe_link, wishlist_email_link
from orders.models import Order


@dataclass(frozen=True)
class EmailItem:
    """One product as an email shows it."""

    name: str
    label: str
    price: Decimal
    old_price: Decimal | None
    note: str
    image_src: str
    image_alt: str
    product_url: str
    wishlist_url: str


def email_item(*, customer: Customer, variant: Variant, base_url: str, note: str = "", old_price=None) -> EmailItem:
    """An item with its absolute links; images come from `variant.product.images` (prefetch it)."""
    product = variant.product
    images = list(product.images.all())
    image = images[0] if images else None
    src = image.src if image else ""
    if src.startswith("/"):
        src = base_url + src
    return EmailItem(
        name=product.name,
        label=variant.label if variant.options else "",
        price=variant.price,
        old_price=old_price,
        note=note,
        image_src=src,
        image_alt=image.alt_text if image else "",
        product_url=f"{base_url}{product.get_absolute_url()}?variant={variant.sku}",
        wishlist_url=wishlist_email_link(customer, variant, base_url=base_url),
    )


def stock_where(*, home: str):
    """Where a wishlist item is back, said in the language of the email it goes into: "In stock at Bergen
    Torget" when the customer's home store has it, else "Available online"."""
    return format_lazy(gettext_lazy("In stock at {store}"), store=home) if home else gettext_lazy("Available online")


def _email(
    *, customer: Customer, kind: str, subject: str, headline: str, intro: str, items: Sequence[EmailItem], base_url: str
) -> EmailMultiAlternatives:
    """One customer email: the greeting by first name, the items, and the one-click unsubscribe (link and headers)."""
    unsubscribe = unsubscribe_link(customer_id=customer.pk, base_url=base_url)
    context = {
        "customer": customer,
        "kind": kind,
        "headline": headline,
        "intro": f"{_hello(customer)} {intro}",
        "items": items,
        "shop_name": settings.SHOP_NAME,
        "currency": settings.SHOP_CURRENCY,
        "shop_url": base_url + "/",
        "wishlist_url": base_url + reverse("storefront:wishlist"),
        "unsubscribe_url": unsubscribe,
    }
    return email_render(
        subject=subject,
        template="orders/email/marketing",
        context=context,
        to=[customer.email] if customer.email else [],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Omnistore-Email": kind,
        },
    )


def _hello(customer: Customer) -> str:
    return gettext("Hi %(name)s,") % {"name": customer.first_name} if customer.first_name else gettext("Hi,")


def _first(items: Sequence[EmailItem]) -> str:
    """What a subject names: the first item, or "An item" when the list came out empty."""
    return items[0].name if items else gettext("An item")


@in_customer_language
def back_in_stock_email(
    *, customer: Customer, variants: Sequence[tuple[Variant, str]], base_url: str
) -> EmailMultiAlternatives:
    """Wishlist items that are back, each with where ("in stock at Bergen Torget", "available online")."""
    items = [email_item(customer=customer, variant=v, base_url=base_url, note=str(where)) for v, where in variants]
    if len(items) > 1:
        subject = ngettext(
            "%(item)s and %(more)d more from your wishlist is back in stock",
            "%(item)s and %(more)d more from your wishlist are back in stock",
            len(items) - 1,
        ) % {"item": _first(items), "more": len(items) - 1}
    else:
        subject = gettext("%(item)s from your wishlist is back in stock") % {"item": _first(items)}
    return _email(
        customer=customer,
        kind=MarketingEmail.Kind.BACK_IN_STOCK,
        subject=subject,
        headline=gettext("Back in stock"),
        intro=gettext("good news: from your wishlist, this is available again."),
        items=items,
        base_url=base_url,
    )


@in_customer_language
def price_drop_email(
    *, customer: Customer, drops: Sequence[tuple[Variant, Decimal]], base_url: str
) -> EmailMultiAlternatives:
    """Wishlist items that became cheaper: (variant at its new price, the lower price it had before)."""
    items = []
    for variant, old in drops:
        percent = round((1 - variant.price / old) * 100) if old else 0
        note = gettext("Now %(percent)s%% cheaper") % {"percent": percent} if percent else gettext("Now cheaper")
        items.append(email_item(customer=customer, variant=variant, base_url=base_url, note=note, old_price=old))
    return _email(
        customer=customer,
        kind=MarketingEmail.Kind.PRICE_DROP,
        subject=gettext("%(item)s on your wishlist is now cheaper") % {"item": _first(items)},
        headline=gettext("A lower price on your wishlist"),
        intro=gettext("the price went down on something you saved."),
        items=items,
        base_url=base_url,
    )


@in_customer_language
def after_purchase_email(
    *, customer: Customer, order: Order | None, variants: Sequence[Variant], base_url: str
) -> EmailMultiAlternatives:
    """What goes well with an order the customer just completed (never what they already bought)."""
    items = [email_item(customer=customer, variant=v, base_url=base_url) for v in variants]
    return _email(
        customer=customer,
        kind=MarketingEmail.Kind.AFTER_PURCHASE,
        subject=gettext("Goes well with what you bought"),
        headline=gettext("Goes well with your purchase"),
        intro=(
            gettext("thank you for your order (order %(number)s). These go well with it.") % {"number": order.number}
            if order
            else gettext("thank you for your order. These go well with it.")
        ),
        items=items,
        base_url=base_url,
    )


@in_customer_language
def personal_pick_email(*, customer: Customer, variants: Sequence[Variant], base_url: str) -> EmailMultiAlternatives:
    """The weekly pick: from what the customer bought, what others bought with it, and their wishlist."""
    items = [email_item(customer=customer, variant=v, base_url=base_url) for v in variants]
    return _email(
        customer=customer,
        kind=MarketingEmail.Kind.PERSONAL_PICK,
        subject=gettext("Picked for you this week"),
        headline=gettext("Picked for you"),
        intro=gettext("a few things we think you will like, in stock now."),
        items=items,
        base_url=base_url,
    )
