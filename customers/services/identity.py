"""Who a customer is: card numbers, finding or creating the one profile behind a key, and linking web accounts.

Identity precedence (customer_resolve): card number first (a card is presented in person and names exactly one
profile, even a merged-away one), then email (unique and case-folded), then phone (unique, but numbers get
reassigned and shared in households, so it is the weakest key). A match on a stronger key wins; the weaker keys
then only fill blanks on that profile and never move a key away from another customer.
"""

import logging
import secrets

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from core.rows import one_built
from core.transactions import atomic_unless_inside
from core.validators import is_ascii_digits
from customers.exceptions import NoIdentity, UnknownCard
from customers.locks import lock_customers
from customers.models import Channel, Customer, TimelineEvent
from customers.normalize import normalize_card, normalize_email, normalize_phone
from customers.services.merge import customer_merge
from customers.services.timeline import timeline_record
from inventory.models import Location

log = logging.getLogger(__name__)

CARD_PREFIX = "7"
CARD_LENGTH = 12
# How often to retry a find-or-create that lost a race (or drew a card number already in use).
RESOLVE_ATTEMPTS = 5
# Every checkout looks its buyer up by email: written once, not built per order by the ORM or its raw().
CUSTOMER_FIELDS = Customer._meta.concrete_fields
LIVE_BY_EMAIL = (
    f"SELECT {', '.join(f.column for f in CUSTOMER_FIELDS)} FROM customers_customer "  # noqa: S608
    "WHERE merged_into_id IS NULL AND email = %s ORDER BY id LIMIT 1"
)


def luhn_check_digit(digits: str) -> str:
    """The Luhn digit that makes `digits + digit` pass the check, so a mistyped card number is caught at the till."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def card_number_is_valid(number: str) -> bool:
    """A card number we could have printed: 12 digits, starting with the prefix, with a good check digit."""
    return (
        len(number) == CARD_LENGTH
        and is_ascii_digits(number)
        and number.startswith(CARD_PREFIX)
        and luhn_check_digit(number[:-1]) == number[-1]
    )


def card_number_generate() -> str:
    """A new random card number; uniqueness is the database's job (callers retry on IntegrityError)."""
    body = CARD_PREFIX + "".join(str(secrets.randbelow(10)) for _ in range(CARD_LENGTH - len(CARD_PREFIX) - 1))
    return body + luhn_check_digit(body)


def _live() -> QuerySet[Customer]:
    return Customer.objects.filter(merged_into__isnull=True)


def _survivor_of(customer: Customer) -> Customer:
    """Follow merge tombstones to the profile that lives on (chains are flattened by merge, so this is short)."""
    seen = set()
    while customer.merged_into_id and customer.pk not in seen:
        seen.add(customer.pk)
        customer = Customer.objects.get(pk=customer.merged_into_id)
    return customer


def _live_by_email(email: str) -> Customer | None:
    return one_built(Customer, LIVE_BY_EMAIL, [email])


def _find(*, email: str | None, phone: str | None, card: str | None) -> Customer | None:
    if card:
        by_card = Customer.objects.filter(card_number=card).first()
        if by_card is not None:
            return _survivor_of(by_card)
    if email:
        by_email = _live_by_email(email)
        if by_email is not None:
            return by_email
    if phone:
        return _live().filter(phone=phone).first()
    return None


@atomic_unless_inside  # raises nothing of its own; its one update has a savepoint of its own
def customer_phone_fill(*, customer: Customer, phone: str | None, channel: str, country: str | None = None) -> bool:
    """Keep the phone given with an order or a sale on a profile that has none, in E.164; True when it was saved.

    `country` reads a number typed without a prefix (the store's, or the delivery address's). A phone already on
    the profile is never replaced. A number that is not a phone, or that another customer already has, is left
    unsaved and nothing is raised: the order or sale it came with goes through all the same, and saying why would
    tell whose number it is.
    """
    normalized = normalize_phone(phone, country=country)
    if normalized is None or customer.phone:
        return False
    if _live().filter(phone=normalized).exclude(pk=customer.pk).exists():
        return False
    try:
        with transaction.atomic():
            blank = Q(phone__isnull=True) | Q(phone="")
            updated = _live().filter(blank, pk=customer.pk).update(phone=normalized)
    except IntegrityError:  # another customer took the number a moment ago
        return False
    if not updated:
        return False
    customer.phone = normalized
    timeline_record(
        customer=customer,
        kind=TimelineEvent.Kind.PROFILE_UPDATED,
        message="phone_added",
        params={"channel": channel},
        channel=channel,
    )
    return True


def _fill_blanks(customer: Customer, **values) -> Customer:
    """Fill empty fields of a found customer; a key that another profile already holds is left alone."""
    for field, value in values.items():
        if not value or getattr(customer, field):
            continue
        try:
            with transaction.atomic():
                blank = Q(**{f"{field}__isnull": True}) | Q(**{field: ""})
                updated = Customer.objects.filter(blank, pk=customer.pk).update(**{field: value})
        except IntegrityError:
            continue
        if updated:
            setattr(customer, field, value)
    return customer


@atomic_unless_inside  # refuses (NoIdentity, UnknownCard) before it writes; each create has its own savepoint
def customer_resolve(
    *,
    email: str | None = None,
    phone: str | None = None,
    card: str | None = None,
    country: str | None = None,
    first_name: str = "",
    last_name: str = "",
    channel: str,
    home_store: Location | None = None,
) -> Customer:
    """Find the one customer behind a sale or an order (card, then email, then phone), or create them once.

    `home_store` is the store a new profile belongs to (where the clerk created it); a found one keeps its own.
    """
    email = normalize_email(email)
    phone = normalize_phone(phone, country=country)
    card = normalize_card(card)
    if not (email or phone or card):
        raise NoIdentity("Give an email address, a phone number or a card number to find the customer.")
    for _ in range(RESOLVE_ATTEMPTS):
        found = _find(email=email, phone=phone, card=card)
        if found is not None:
            customer_phone_fill(customer=found, phone=phone, channel=channel)
            return _fill_blanks(found, email=email, first_name=first_name, last_name=last_name)
        if card and not card_number_is_valid(card):
            raise UnknownCard(f"Card number {card} is not on file and is not a valid card number.", card=card)
        try:
            with transaction.atomic():
                customer = Customer.objects.create(
                    email=email,
                    phone=phone,
                    card_number=card or card_number_generate(),
                    first_name=first_name,
                    last_name=last_name,
                    created_channel=channel,
                    home_store=home_store,
                )
        except IntegrityError:
            # Someone created this customer (same email/phone/card) a moment ago, or the card number was taken.
            continue
        timeline_record(
            customer=customer,
            kind=TimelineEvent.Kind.PROFILE_CREATED,
            message="profile_created",
            params={"channel": channel},
            channel=channel,
        )
        return customer
    raise IntegrityError("customer_resolve kept losing races; giving up.")


def _email_is_verified(user, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def customer_link_user(*, user, email: str) -> Customer | None:
    """Give a user who verified `email` the customer with that email (and its history), or a new one.

    Never on an unverified address, and never takes a customer that another user already has.
    """
    email = normalize_email(email)
    if not email or not _email_is_verified(user, email):
        log.warning("customer_link_user: %s is not verified for user %s; nothing linked", email, user.pk)
        return None
    own_id = Customer.objects.filter(user=user).values_list("pk", flat=True).first()
    if own_id is not None:
        return _own_customer_take_email(own_id=own_id, email=email)
    for _ in range(RESOLVE_ATTEMPTS):
        match = _live().select_for_update(of=("self",), no_key=True).filter(email=email).first()
        if match is not None:
            if match.user_id is not None:
                log.warning(
                    "customer_link_user: customer %s already belongs to user %s; user %s gets none",
                    match.pk,
                    match.user_id,
                    user.pk,
                )
                return None
            match.user = user
            match.save(update_fields=["user"])
            timeline_record(
                customer=match,
                kind=TimelineEvent.Kind.ACCOUNT_LINKED,
                message="account_linked",
                channel=Channel.WEB,
            )
            return match
        try:
            with transaction.atomic():
                customer = Customer.objects.create(
                    user=user,
                    email=email,
                    card_number=card_number_generate(),
                    first_name=user.first_name,
                    last_name=user.last_name,
                    created_channel=Channel.WEB,
                )
        except IntegrityError:
            continue
        timeline_record(
            customer=customer, kind=TimelineEvent.Kind.ACCOUNT_CREATED, message="account_created", channel="web"
        )
        return customer
    raise IntegrityError("customer_link_user kept losing races; giving up.")


def _own_customer_take_email(*, own_id: int, email: str) -> Customer:
    """A user with a profile verified another address: the profile takes it, adopting an unclaimed in-store twin.

    Both profiles are locked together in pk order, as a merge of the same two would lock them.
    """
    other_id = _live().filter(email=email).exclude(pk=own_id).values_list("pk", flat=True).first()
    locked = lock_customers(ids=[own_id, other_id])
    own, other = locked[own_id], locked.get(other_id)
    if own.email == email:
        return own
    if other is not None and other.merged_into_id is None and other.email == email and other.user_id is None:
        return customer_merge(survivor=own, merged=other)
    if other is not None and other.email == email:
        log.warning("customer_link_user: %s belongs to customer %s with another user; kept apart", email, other.pk)
        return own
    own.email = email
    own.save(update_fields=["email"])
    timeline_record(
        customer=own, kind=TimelineEvent.Kind.ACCOUNT_LINKED, message="email_changed", params={"email": email}
    )
    return own
