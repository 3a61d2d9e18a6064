"""What shoppers say about themselves: name, phone, home store and marketing consent."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from customers.exceptions import ContactTaken
from customers.models import Channel, Customer, TimelineEvent
from customers.normalize import normalize_phone
from customers.services.identity import _live
from customers.services.timeline import timeline_record
from inventory.models import Location


@transaction.atomic
def customer_update_profile(
    *,
    customer: Customer,
    first_name: str,
    last_name: str,
    phone: str | None,
    marketing_consent: bool,
    home_store: Location | None,
    channel: str = Channel.WEB,
) -> Customer:
    """Save what a shopper (or the app) says about themselves; consent changes are timestamped for the record."""
    country = home_store.country if home_store else None
    normalized = normalize_phone(phone, country=country) if phone else None
    if phone and normalized is None:
        raise ValidationError({"phone": "Enter a valid phone number, e.g. +47 22 33 44 55."})
    if home_store is not None and (home_store.kind != Location.Kind.STORE or not home_store.is_active):
        raise ValidationError({"home_store": "Choose one of our stores."})
    if normalized and _live().filter(phone=normalized).exclude(pk=customer.pk).exists():
        raise ContactTaken("We could not save that phone number. Check it, or ask us in a store to help.")
    customer.first_name = first_name.strip()
    customer.last_name = last_name.strip()
    customer.phone = normalized
    customer.home_store = home_store
    fields = ["first_name", "last_name", "phone", "home_store"]
    if marketing_consent != customer.marketing_consent:
        customer.marketing_consent = marketing_consent
        customer.marketing_consent_at = timezone.now()
        fields += ["marketing_consent", "marketing_consent_at"]
        timeline_record(
            customer=customer,
            kind=TimelineEvent.Kind.PROFILE_UPDATED,
            summary="Marketing emails turned " + ("on" if marketing_consent else "off"),
            channel=channel,
        )
    try:
        with transaction.atomic():
            customer.save(update_fields=fields)
    except IntegrityError:
        raise ContactTaken("We could not save that phone number. Check it, or ask us in a store to help.")
    return customer
