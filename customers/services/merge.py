"""Folding two profiles of one person into one, so that nothing either of them had is lost."""

import logging

from django.db import transaction
from django.utils import timezone

from customers.exceptions import MergeRefused
from customers.locks import lock_customers
from customers.models import Customer, TimelineEvent, WishlistItem
from customers.services.timeline import timeline_record
from customers.signals import customer_merged

log = logging.getLogger(__name__)


def _lock_pair(a: Customer, b: Customer) -> tuple[Customer, Customer]:
    """Lock two customers in primary-key order, so two merges of the same pair never deadlock."""
    rows = lock_customers(ids=[a.pk, b.pk])
    return rows[a.pk], rows[b.pk]


@transaction.atomic
def customer_merge(*, survivor: Customer, merged: Customer, actor=None) -> Customer:
    """Fold one customer into another so nothing is lost: the merged-away one stays as a tombstone.

    The apps above move their own rows (orders, points …) in receivers of `customer_merged`, in this transaction.
    """
    if survivor.pk == merged.pk:
        raise MergeRefused("A customer cannot be merged into itself.")
    survivor, merged = _lock_pair(survivor, merged)
    if merged.merged_into_id == survivor.pk:
        return survivor
    if merged.merged_into_id or survivor.merged_into_id:
        raise MergeRefused("One of these profiles was already merged into another one; merge into that one instead.")
    if survivor.user_id and merged.user_id:
        raise MergeRefused("Both customers have a web account; a customer can have only one.")

    responses = customer_merged.send(sender=Customer, survivor=survivor, merged=merged)
    moved: dict[str, int] = {}
    for _, answer in responses:
        if isinstance(answer, dict):
            moved.update(answer)
    Customer.objects.filter(merged_into=merged).update(merged_into=survivor)
    on_list = WishlistItem.objects.filter(customer=survivor).values("variant_id")
    WishlistItem.objects.filter(customer=merged, variant_id__in=on_list).delete()
    WishlistItem.objects.filter(customer=merged).update(customer=survivor)
    TimelineEvent.objects.filter(customer=merged).update(customer=survivor)

    user = merged.user
    merged.merged_into = survivor
    merged.merged_at = timezone.now()
    merged.user = None
    merged.save(update_fields=["merged_into", "merged_at", "user"])

    changed = []
    for field in ("email", "phone", "first_name", "last_name", "home_store"):
        if not getattr(survivor, field) and getattr(merged, field):
            setattr(survivor, field, getattr(merged, field))
            changed.append(field)
    if survivor.marketing_consent_at is None and merged.marketing_consent_at is not None:
        survivor.marketing_consent = merged.marketing_consent
        survivor.marketing_consent_at = merged.marketing_consent_at
        changed += ["marketing_consent", "marketing_consent_at"]
    if user is not None:
        survivor.user = user
        changed.append("user")
    if changed:
        survivor.save(update_fields=changed)

    by = f" by {actor}" if actor is not None else ""
    timeline_record(
        customer=survivor,
        kind=TimelineEvent.Kind.MERGED,
        message="merged",
        params={
            "card": merged.card_number,
            "contact": merged.email or merged.phone or "",
            "by": str(actor) if actor is not None else "",
            "moved": {what: count for what, count in moved.items() if count},
        },
        reference=f"customer:{merged.pk}",
    )
    log.info("customer_merge: %s merged into %s%s", merged.pk, survivor.pk, by)
    return survivor
