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

from catalog.models import Variant
from core.emails import email_render
from customers.language import in_customer_language
from customers.models import Customer
from customers.tokens import unsubscribe_link, wishlist_email_link
from marketing.models import MarketingEmail
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
    return f"Hi {customer.first_name}," if customer.first_name else "Hi,"


def _first(items: Sequence[EmailItem]) -> str:
    """What a subject names: the first item, or "An item" when the list came out empty."""
    return items[0].name if items else "An item"


@in_customer_language
def back_in_stock_email(
    *, customer: Customer, variants: Sequence[tuple[Variant, str]], base_url: str
) -> EmailMultiAlternatives:
    """Wishlist items that are back, each with where ("in stock at Bergen Torget", "available online")."""
    items = [email_item(customer=customer, variant=v, base_url=base_url, note=where) for v, where in variants]
    more = f" and {len(items) - 1} more" if len(items) > 1 else ""
    return _email(
        customer=customer,
        kind=MarketingEmail.Kind.BACK_IN_STOCK,
        subject=f"{_first(items)}{more} from your wishlist is back in stock",
        headline="Back in stock",
        intro="good news: from your wishlist, this is available again.",
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
        note = f"Now {percent}% cheaper" if percent else "Now cheaper"
        items.append(email_item(customer=customer, variant=variant, base_url=base_url, note=note, old_price=old))
    return _email(
        customer=customer,
        kind=MarketingEmail.Kind.PRICE_DROP,
        subject=f"{_first(items)} on your wishlist is now cheaper",
        headline="A lower price on your wishlist",
        intro="the price went down on something you saved.",
        items=items,
        base_url=base_url,
    )


@in_customer_language
def after_purchase_email(
    *, customer: Customer, order: Order | None, variants: Sequence[Variant], base_url: str
) -> EmailMultiAlternatives:
    """What goes well with an order the customer just completed (never what they already bought)."""
    items = [email_item(customer=customer, variant=v, base_url=base_url) for v in variants]
    where = f" (order {order.number})" if order else ""
    return _email(
        customer=customer,
        kind=MarketingEmail.Kind.AFTER_PURCHASE,
        subject="Goes well with what you bought",
        headline="Goes well with your purchase",
        intro=f"thank you for your order{where}. These go well with it.",
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
        subject="Picked for you this week",
        headline="Picked for you",
        intro="a few things we think you will like, in stock now.",
        items=items,
        base_url=base_url,
    )
