"""Every write to customers: identity resolution, account linking, merge, profile, wishlist and timeline.

Identity precedence (customer_resolve): card number first (a card is presented in person and names exactly one
profile, even a merged-away one), then email (unique and case-folded), then phone (unique, but numbers get
reassigned and shared in households, so it is the weakest key). A match on a stronger key wins; the weaker keys
then only fill blanks on that profile and never move a key away from another customer.
"""

import logging
import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from catalog.models import Variant
from customers.exceptions import ContactTaken, MergeRefused, NoIdentity, UnknownCard
from customers.models import Channel, Customer, TimelineEvent, WishlistItem
from customers.normalize import normalize_card, normalize_email, normalize_phone
from customers.roles import ADMIN, CLERK, RANKS, STORE_MANAGER
from inventory.models import Location

log = logging.getLogger(__name__)

CARD_PREFIX = "7"
CARD_LENGTH = 12
# How often to retry a find-or-create that lost a race (or drew a card number already in use).
RESOLVE_ATTEMPTS = 5


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
        and number.isdigit()
        and number.startswith(CARD_PREFIX)
        and luhn_check_digit(number[:-1]) == number[-1]
    )


def card_number_generate() -> str:
    """A new random card number; uniqueness is the database's job (callers retry on IntegrityError)."""
    body = CARD_PREFIX + "".join(str(secrets.randbelow(10)) for _ in range(CARD_LENGTH - len(CARD_PREFIX) - 1))
    return body + luhn_check_digit(body)


def timeline_record(
    *, customer: Customer, kind: str, summary: str, channel: str = "", reference: str = "", occurred_at=None
) -> TimelineEvent:
    """Add one event to the customer's timeline."""
    return TimelineEvent.objects.create(
        customer=customer,
        kind=kind,
        summary=summary[:200],
        channel=channel,
        reference=reference,
        occurred_at=occurred_at or timezone.now(),
    )


def _live() -> QuerySet[Customer]:
    return Customer.objects.filter(merged_into__isnull=True)


def _survivor_of(customer: Customer) -> Customer:
    """Follow merge tombstones to the profile that lives on (chains are flattened by merge, so this is short)."""
    seen = set()
    while customer.merged_into_id and customer.pk not in seen:
        seen.add(customer.pk)
        customer = Customer.objects.get(pk=customer.merged_into_id)
    return customer


def _find(*, email: str | None, phone: str | None, card: str | None) -> Customer | None:
    if card:
        by_card = Customer.objects.filter(card_number=card).first()
        if by_card is not None:
            return _survivor_of(by_card)
    if email:
        by_email = _live().filter(email=email).first()
        if by_email is not None:
            return by_email
    if phone:
        return _live().filter(phone=phone).first()
    return None


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


@transaction.atomic
def customer_resolve(
    *,
    email: str | None = None,
    phone: str | None = None,
    card: str | None = None,
    country: str | None = None,
    first_name: str = "",
    last_name: str = "",
    channel: str,
) -> Customer:
    """Find the one customer behind a sale or an order (card, then email, then phone), or create them once."""
    email = normalize_email(email)
    phone = normalize_phone(phone, country=country)
    card = normalize_card(card)
    if not (email or phone or card):
        raise NoIdentity("Give an email address, a phone number or a card number to find the customer.")
    for _ in range(RESOLVE_ATTEMPTS):
        found = _find(email=email, phone=phone, card=card)
        if found is not None:
            return _fill_blanks(found, email=email, phone=phone, first_name=first_name, last_name=last_name)
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
                )
        except IntegrityError:
            # Someone created this customer (same email/phone/card) a moment ago, or the card number was taken.
            continue
        timeline_record(
            customer=customer,
            kind=TimelineEvent.Kind.PROFILE_CREATED,
            summary=f"Profile created ({Channel(channel).label})",
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
    own = Customer.objects.select_for_update(of=("self",)).filter(user=user).first()
    if own is not None:
        return _own_customer_take_email(own, email=email)
    for _ in range(RESOLVE_ATTEMPTS):
        match = _live().select_for_update(of=("self",)).filter(email=email).first()
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
                summary="Web account linked after the email was verified",
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
            customer=customer, kind=TimelineEvent.Kind.ACCOUNT_CREATED, summary="Web account created", channel="web"
        )
        return customer
    raise IntegrityError("customer_link_user kept losing races; giving up.")


def _own_customer_take_email(own: Customer, *, email: str) -> Customer:
    """A user with a profile verified another address: the profile takes it, adopting an unclaimed in-store twin."""
    if own.email == email:
        return own
    other = _live().select_for_update(of=("self",)).filter(email=email).exclude(pk=own.pk).first()
    if other is not None and other.user_id is None:
        return customer_merge(survivor=own, merged=other)
    if other is not None:
        log.warning("customer_link_user: %s belongs to customer %s with another user; kept apart", email, other.pk)
        return own
    own.email = email
    own.save(update_fields=["email"])
    timeline_record(customer=own, kind=TimelineEvent.Kind.ACCOUNT_LINKED, summary=f"Email changed to {email}")
    return own


def _lock_pair(a: Customer, b: Customer) -> tuple[Customer, Customer]:
    """Lock two customers in primary-key order, so two merges of the same pair never deadlock."""
    rows = {
        row.pk: row
        for row in Customer.objects.select_for_update(of=("self",)).filter(pk__in=[a.pk, b.pk]).order_by("pk")
    }
    return rows[a.pk], rows[b.pk]


def _move_related(*, survivor: Customer, merged: Customer) -> None:
    """Re-point every other table that refers to the merged customer (orders, pickups, carts …) at the survivor."""
    from loyalty.models import LoyaltyAccount

    handled = {WishlistItem, TimelineEvent, LoyaltyAccount, Customer}
    for rel in Customer._meta.related_objects:
        model = rel.related_model
        if model in handled or rel.many_to_many:
            continue
        rows = model._base_manager.filter(**{rel.field.name: merged})
        if rel.one_to_one and model._base_manager.filter(**{rel.field.name: survivor}).exists():
            log.warning("customer_merge: %s of customer %s kept on the tombstone", model.__name__, merged.pk)
            continue
        try:
            with transaction.atomic():
                rows.update(**{rel.field.name: survivor})
        except IntegrityError:
            raise MergeRefused(f"Both customers have a {model._meta.verbose_name} that cannot be combined.")


@transaction.atomic
def customer_merge(*, survivor: Customer, merged: Customer, actor=None) -> Customer:
    """Fold one customer into another so nothing is lost: the merged-away one stays as a tombstone."""
    from loyalty.services import loyalty_accounts_merge

    if survivor.pk == merged.pk:
        raise MergeRefused("A customer cannot be merged into itself.")
    survivor, merged = _lock_pair(survivor, merged)
    if merged.merged_into_id == survivor.pk:
        return survivor
    if merged.merged_into_id or survivor.merged_into_id:
        raise MergeRefused("One of these profiles was already merged into another one; merge into that one instead.")
    if survivor.user_id and merged.user_id:
        raise MergeRefused("Both customers have a web account; a customer can have only one.")

    _move_related(survivor=survivor, merged=merged)
    Customer.objects.filter(merged_into=merged).update(merged_into=survivor)
    on_list = WishlistItem.objects.filter(customer=survivor).values("variant_id")
    WishlistItem.objects.filter(customer=merged, variant_id__in=on_list).delete()
    WishlistItem.objects.filter(customer=merged).update(customer=survivor)
    TimelineEvent.objects.filter(customer=merged).update(customer=survivor)
    points = loyalty_accounts_merge(survivor=survivor, merged=merged)

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
        summary=f"Profile {merged.card_number} ({merged.email or merged.phone or 'no contact'}) merged in{by}"
        + (f"; {points} points moved" if points else ""),
        reference=f"customer:{merged.pk}",
    )
    log.info("customer_merge: %s merged into %s%s", merged.pk, survivor.pk, by)
    return survivor


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
        raise ContactTaken("That phone number is registered to another profile. Ask us in a store to combine them.")
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
        raise ContactTaken("That phone number is registered to another profile. Ask us in a store to combine them.")
    return customer


@transaction.atomic
def wishlist_add(*, customer: Customer, variant: Variant, source: str = WishlistItem.Source.WEB) -> WishlistItem:
    """Put a variant on the customer's wishlist; adding it again changes nothing."""
    try:
        with transaction.atomic():
            item = WishlistItem.objects.create(customer=customer, variant=variant, source=source)
    except IntegrityError:
        return WishlistItem.objects.get(customer=customer, variant=variant)
    channel = {"app": Channel.APP, "clerk": Channel.STORE, "kiosk": Channel.STORE}.get(source, Channel.WEB)
    timeline_record(
        customer=customer,
        kind=TimelineEvent.Kind.WISHLIST_ADDED,
        summary=f"Added {variant} to the wishlist",
        channel=channel,
        reference=f"variant:{variant.pk}",
    )
    return item


@transaction.atomic
def wishlist_remove(*, customer: Customer, variant: Variant) -> bool:
    """Take a variant off the wishlist; True when something was removed."""
    deleted, _ = WishlistItem.objects.filter(customer=customer, variant=variant).delete()
    if deleted:
        timeline_record(
            customer=customer,
            kind=TimelineEvent.Kind.WISHLIST_REMOVED,
            summary=f"Removed {variant} from the wishlist",
            reference=f"variant:{variant.pk}",
        )
    return bool(deleted)


# What each staff role may do in the admin, as (app label, model or "*", actions). A role has everything of the
# roles below it (customers.roles.RANKS). Models added later pick up their permissions on the next migrate.
ROLE_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    CLERK: [
        ("catalog", "*", ("view",)),
        ("inventory", "*", ("view",)),
        ("customers", "customer", ("view", "change")),
        ("customers", "wishlistitem", ("view", "add")),
        ("customers", "timelineevent", ("view",)),
        ("orders", "*", ("view",)),
        ("loyalty", "*", ("view",)),
        ("pickup", "*", ("view",)),
    ],
    STORE_MANAGER: [
        ("inventory", "stocklevel", ("change",)),
        ("inventory", "stockmovement", ("add",)),
        ("inventory", "transfer", ("add", "change")),
        ("inventory", "transferline", ("add", "change", "delete")),
        ("inventory", "location", ("add", "change")),
        ("inventory", "openinghours", ("add", "change", "delete")),
        ("orders", "*", ("change",)),
        ("pickup", "*", ("change",)),
        ("customers", "customer", ("add", "merge")),
        ("customers", "wishlistitem", ("delete",)),
        ("customers", "staffprofile", ("view",)),
    ],
    ADMIN: [
        (app, "*", ("add", "change", "delete", "view", "*"))
        for app in ("catalog", "inventory", "customers", "orders", "loyalty", "pickup", "auth", "authtoken")
    ],
}


def _role_codenames(role: str, permission_model) -> set[int]:
    """Permission ids for one role's own rules; "*" as the action also takes custom permissions (e.g. merge)."""
    ids: set[int] = set()
    for app_label, model, actions in ROLE_PERMISSIONS[role]:
        perms = permission_model.objects.filter(content_type__app_label=app_label)
        if model != "*":
            perms = perms.filter(content_type__model=model)
        for perm_id, codename in perms.values_list("pk", "codename"):
            action = codename.split("_", 1)[0]
            if "*" in actions or action in actions:
                ids.add(perm_id)
    return ids


def role_groups_sync(*, apps=None) -> None:
    """Create the groups "clerk", "store manager" and "admin" and give each its permissions (idempotent).

    Runs from the roles migration (with its historical `apps`) and after every migrate, so new models are covered.
    """
    from django.apps import apps as global_apps

    registry = apps or global_apps
    group_model = registry.get_model("auth", "Group")
    permission_model = registry.get_model("auth", "Permission")
    granted: set[int] = set()
    for role in sorted(RANKS, key=RANKS.__getitem__):
        granted |= _role_codenames(role, permission_model)
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.add(*granted)
