"""Demo people for `manage.py seed_demo`: staff logins, the demo shopper and ~50 customers with wishlists.

Customers go through the same identity resolution as a POS sale or a sign-up (customer_resolve, then
customer_link_user once the email is verified), keyed by card number, email and phone, so seeding again finds
them instead of creating twins.
"""

import os
import random
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from catalog.models import Variant
from core.roles import ADMIN, CLERK, STORE_MANAGER
from customers.models import Channel, Customer, TimelineEvent, WishlistItem
from customers.services import customer_link_user, customer_resolve, luhn_check_digit
from customers.timeline_text import timeline_english
from inventory.models import Location, StaffProfile

DEFAULT_PASSWORD = "omnistore-demo"  # noqa: S105 - demo logins only, printed by seed_demo
SHOPPER_EMAIL = "shopper@example.com"
CUSTOMER_COUNT = 50  # the shopper included

FIRST_NAMES = [
    "Ingrid", "Ola", "Kari", "Lars", "Nora", "Emma", "Jakob", "Henrik", "Maja", "Aksel",
    "Ella", "Filip", "Leah", "Noah", "Sara", "Oskar", "Thea", "Magnus", "Ida", "Sander",
]  # fmt: skip
LAST_NAMES = [
    "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
    "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
]  # fmt: skip
STORE_CODES = ["OSL1", "BGO1", "TRD1"]


class Kind:
    """How a demo customer knows the shop."""

    IN_STORE = "in_store"  # no web account: known from the till by phone, card and maybe email
    ACCOUNT = "account"  # signed up on the web
    BOTH = "both"  # bought in a store first, signed up later with the same email


@dataclass(frozen=True)
class Person:
    index: int
    first_name: str
    last_name: str
    email: str | None
    phone: str
    card: str
    kind: str
    home_store: str | None
    marketing_consent: bool


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


@cache
def _password_hash(password: str) -> str:
    # Hashing is slow on purpose; the demo logins share one hash, made only when a login is created.
    return make_password(password)


def card_for(index: int) -> str:
    """A printable, Luhn-valid card number that is the same on every machine."""
    body = f"7{4200000000 + index:010d}"
    return body + luhn_check_digit(body)


def people_plan(*, rng: random.Random) -> list[Person]:
    """The demo shopper first, then the other customers, drawn in a fixed order."""
    people = [
        Person(0, "Sofie", "Hansen", SHOPPER_EMAIL, "+4791000000", card_for(0), Kind.BOTH, "OSL1", True),
    ]
    for index in range(1, CUSTOMER_COUNT):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        kind = (Kind.IN_STORE, Kind.ACCOUNT, Kind.BOTH)[index % 3]
        # Some in-store customers only ever gave a phone number at the till.
        has_email = kind != Kind.IN_STORE or index % 2 == 1
        email = f"{first}.{last}{index}@example.net".lower() if has_email else None
        phone = f"+479{index:02d}{rng.randint(10000, 99999)}"
        home = rng.choice(STORE_CODES) if kind != Kind.ACCOUNT else None
        people.append(Person(index, first, last, email, phone, card_for(index), kind, home, rng.random() < 0.4))
    return people


@dataclass(frozen=True)
class TimelineRow:
    """A timeline event to write in bulk, with the time it happened (history, not now)."""

    customer_id: int
    kind: str
    channel: str
    summary: str
    reference: str
    occurred_at: datetime
    message: str = ""
    params: dict = field(default_factory=dict)


def timeline_seed(rows: list[TimelineRow]) -> int:
    """Write many demo timeline events in one statement (timeline_record writes one at a time)."""
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                customer_id=row.customer_id,
                kind=row.kind,
                channel=row.channel,
                message=row.message,
                params=row.params,
                summary=(row.summary or timeline_english(message=row.message, params=row.params))[:200],
                reference=row.reference,
                occurred_at=row.occurred_at,
            )
            for row in rows
        ]
    )
    return len(rows)


@dataclass
class Seeded:
    users: int = 0
    customers: int = 0
    wishlist_items: int = 0


def _user(*, username: str, email: str, **fields) -> tuple:
    model = get_user_model()
    user = model.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user, created = model.objects.get_or_create(
        username=username, defaults={"email": email, "password": _password_hash(demo_password()), **fields}
    )
    return user, created


@transaction.atomic
def staff_seed(*, locations: dict[str, Location]) -> int:
    """The superuser `admin`, and `clerk` and `manager` who work at the first store."""
    created = 0
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (CLERK, STORE_MANAGER, ADMIN)}
    admin, was_created = _user(
        username="admin",
        email="admin@omnistore.example",
        is_staff=True,
        is_superuser=True,
        first_name="Ada",
        last_name="Admin",
    )
    created += was_created
    admin.groups.add(groups[ADMIN])
    for username, role, first_name in (("clerk", CLERK, "Kasper"), ("manager", STORE_MANAGER, "Mona")):
        user, was_created = _user(
            username=username,
            email=f"{username}@omnistore.example",
            is_staff=True,
            first_name=first_name,
            last_name="Store",
        )
        created += was_created
        user.groups.add(groups[role])
        StaffProfile.objects.get_or_create(user=user, defaults={"home_location": locations["OSL1"]})
    return created


def _account(person: Person) -> tuple:
    """A web account whose email is verified, as after following the link in the confirmation email."""
    username = "shopper" if person.email == SHOPPER_EMAIL else person.email
    user, created = _user(
        username=username,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    EmailAddress.objects.get_or_create(user=user, email=person.email, defaults={"verified": True, "primary": True})
    return user, created


@transaction.atomic
def customers_seed(
    *, rng: random.Random, locations: dict[str, Location]
) -> tuple[list[tuple[Person, Customer]], int, int]:
    """Create the demo customers that are missing; returns them with their plan, and users/customers created."""
    people = people_plan(rng=rng)
    known_cards = set(
        Customer.objects.filter(card_number__in=[p.card for p in people]).values_list("card_number", flat=True)
    )
    result, users, customers = [], 0, 0
    for person in people:
        channel = Channel.WEB if person.kind == Kind.ACCOUNT else Channel.STORE
        customer = customer_resolve(
            card=person.card,
            email=person.email,
            phone=person.phone,
            first_name=person.first_name,
            last_name=person.last_name,
            channel=channel,
        )
        if person.card not in known_cards:
            customers += 1
            Customer.objects.filter(pk=customer.pk).update(
                home_store=locations[person.home_store] if person.home_store else None,
                marketing_consent=person.marketing_consent,
                marketing_consent_at=customer.created_at if person.marketing_consent else None,
                language=settings.SHOP_LANGUAGE,
            )
        if person.kind != Kind.IN_STORE and customer.user_id is None:
            user, created = _account(person)
            users += created
            customer = customer_link_user(user=user, email=person.email) or customer
        result.append((person, customer))
    return result, users, customers


WISHLIST_CHANNEL = {WishlistItem.Source.APP: Channel.APP, WishlistItem.Source.CLERK: Channel.STORE}


def wishlists_seed(*, rng: random.Random, people: list[tuple[Person, Customer]], skus: list[str]) -> int:
    """A few wishlist items for most customers (the shopper always has some), each with its timeline event."""
    plan = []
    for person, customer in people:
        count = 4 if person.email == SHOPPER_EMAIL else (rng.randint(1, 5) if rng.random() < 0.6 else 0)
        for sku in rng.sample(skus, count):
            source = rng.choice(
                [WishlistItem.Source.WEB, WishlistItem.Source.APP, WishlistItem.Source.EMAIL, WishlistItem.Source.CLERK]
            )
            plan.append((customer, sku, source))
    existing = set(
        WishlistItem.objects.filter(customer__in=[c for _, c in people]).values_list("customer_id", "variant__sku")
    )
    todo = [(c, sku, source) for c, sku, source in plan if (c.pk, sku) not in existing]
    variants = Variant.objects.select_related("product").in_bulk([sku for _, sku, _ in todo], field_name="sku")
    # Written in bulk like wishlist_add would, one row per customer and variant, each with its timeline event.
    WishlistItem.objects.bulk_create(
        [WishlistItem(customer=c, variant=variants[sku], source=source) for c, sku, source in todo],
        ignore_conflicts=True,
    )
    now = timezone.now()
    timeline_seed(
        [
            TimelineRow(
                customer_id=c.pk,
                kind=TimelineEvent.Kind.WISHLIST_ADDED,
                channel=WISHLIST_CHANNEL.get(source, Channel.WEB),
                summary="",
                message="wishlist_added",
                params={"item": str(variants[sku])},
                reference=f"variant:{variants[sku].pk}",
                occurred_at=now,
            )
            for c, sku, source in todo
        ]
    )
    return len(todo)


def people_seed(*, rng: random.Random, locations: dict[str, Location], skus: list[str]) -> tuple[list, Seeded]:
    """Staff, the shopper and the other customers, with their wishlists."""
    seeded = Seeded()
    seeded.users = staff_seed(locations=locations)
    people, users, customers = customers_seed(rng=rng, locations=locations)
    seeded.users += users
    seeded.customers = customers
    seeded.wishlist_items = wishlists_seed(rng=rng, people=people, skus=skus)
    return people, seeded
