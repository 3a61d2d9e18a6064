"""The wishlist: variants a customer wants, added from the web, the app or by a clerk in a store."""

from django.db import IntegrityError, transaction

from catalog.models import Variant
from customers.exceptions import NoLongerSold
from customers.models import Channel, Customer, TimelineEvent, WishlistItem
from customers.services.timeline import timeline_record


@transaction.atomic
def wishlist_add(
    *, customer: Customer, variant: Variant, source: str = WishlistItem.Source.WEB
) -> tuple[WishlistItem, bool]:
    """Put a variant still sold on the customer's wishlist; (item, created), and adding it again changes nothing."""
    if not (variant.is_active and variant.product.is_active):
        raise NoLongerSold(
            f"{variant} ({variant.sku}) is no longer sold, so it cannot go on a wishlist.", sku=variant.sku
        )
    try:
        with transaction.atomic():
            item = WishlistItem.objects.create(customer=customer, variant=variant, source=source)
    except IntegrityError:
        return WishlistItem.objects.get(customer=customer, variant=variant), False
    channel = {"app": Channel.APP, "clerk": Channel.STORE, "kiosk": Channel.STORE}.get(source, Channel.WEB)
    timeline_record(
        customer=customer,
        kind=TimelineEvent.Kind.WISHLIST_ADDED,
        message="wishlist_added",
        params={"item": str(variant)},
        channel=channel,
        reference=f"variant:{variant.pk}",
    )
    return item, True


@transaction.atomic
def wishlist_remove(*, customer: Customer, variant: Variant) -> bool:
    """Take a variant off the wishlist; True when something was removed."""
    deleted, _ = WishlistItem.objects.filter(customer=customer, variant=variant).delete()
    if deleted:
        timeline_record(
            customer=customer,
            kind=TimelineEvent.Kind.WISHLIST_REMOVED,
            message="wishlist_removed",
            params={"item": str(variant)},
            reference=f"variant:{variant.pk}",
        )
    return bool(deleted)
