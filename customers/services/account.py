"""An admin attaching a web account to a customer by hand: only with a reason, kept on the customer's timeline."""

import logging

from django.db import transaction

from customers.exceptions import LinkRefused
from customers.models import Customer, TimelineEvent
from customers.services.timeline import timeline_record

log = logging.getLogger(__name__)


@transaction.atomic
def customer_link_user_by_staff(*, customer: Customer, user, reason: str, actor) -> Customer:
    """Link `user` to `customer` when the verified-email path cannot (e.g. a changed address), with a logged reason."""
    reason = (reason or "").strip()
    if not reason:
        raise LinkRefused("Say why this account is linked by hand; the reason goes on the customer's timeline.")
    customer = Customer.objects.select_for_update(of=("self",), no_key=True).get(pk=customer.pk)
    if customer.merged_into_id is not None:
        raise LinkRefused("This profile was merged away; link the account to the profile it was merged into.")
    if customer.user_id is not None:
        raise LinkRefused("This customer already has a web account.")
    if Customer.objects.filter(user=user).exists():
        raise LinkRefused(f"The account {user.get_username()} already belongs to another customer.")
    customer.user = user
    customer.save(update_fields=["user"])
    timeline_record(
        customer=customer,
        kind=TimelineEvent.Kind.ACCOUNT_LINKED,
        message="account_linked_by_staff",
        params={"account": user.get_username(), "by": actor.get_username(), "reason": reason},
    )
    log.info("customer_link_user_by_staff: user %s linked to customer %s by %s", user.pk, customer.pk, actor.pk)
    return customer
