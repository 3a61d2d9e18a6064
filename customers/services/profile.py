"""What shoppers say about themselves: name, phone, home store, language and marketing consent."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from customers.exceptions import ContactTaken
from customers.language import language_supported
from customers.locks import lock_customers
from customers.models import Channel, Customer
from customers.normalize import normalize_phone
from customers.services.consent import customer_set_consent
from customers.services.identity import _live
from inventory.models import Location


@transaction.atomic
def customer_update_profile(
    *,
    customer: Customer,
    first_name: str,
    last_name: str,
    phone: str | None,
    home_store: Location | None,
    marketing_consent: bool | None = None,
    language: str | None = None,
    channel: str = Channel.WEB,
) -> Customer:
    """Save what a shopper (or the app) says about themselves; consent (None: left as it is) through its own service."""
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
    try:
        with transaction.atomic():
            customer.save(update_fields=["first_name", "last_name", "phone", "home_store"])
    except IntegrityError:
        raise ContactTaken("We could not save that phone number. Check it, or ask us in a store to help.")
    if marketing_consent is not None:
        customer_set_consent(customer=customer, consent=marketing_consent, channel=channel)
    if language is not None:
        customer_language_set(customer=customer, language=language)
    return customer


@transaction.atomic
def customer_language_set(*, customer: Customer, language: str) -> bool:
    """Remember the language the customer reads the shop in (empty: the shop's own); True when it changed.

    Called where the customer shows it — signing up, checking out, the language switch, their profile — so every
    later email and text is written in it, whoever or whatever sends it. Saved (not updated in bulk) so the
    shopper's cached state, which the language middleware reads, is read anew.
    """
    if language and not language_supported(language):
        raise ValidationError({"language": f"The shop does not speak “{language}”."})
    locked = lock_customers(ids=[customer.pk]).get(customer.pk)
    if locked is None or locked.language == language:
        return False
    locked.language = customer.language = language
    locked.save(update_fields=["language"])
    return True
