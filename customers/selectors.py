"""Reads of customers for staff: find a customer from what they tell the clerk, and everything about them on one page."""

import re

from django.contrib.postgres.search import TrigramWordDistance, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Upper

from customers.models import Customer, TimelineEvent
from customers.normalize import normalize_card, normalize_email, normalize_phone

# What a clerk may type for a phone or card number: digits and the separators people put between them.
NUMBER_LIKE = re.compile(r"^\+?[\d\s\-().]+$")
# Word similarity needs a few letters to mean anything; shorter names are matched as a prefix of a word.
MIN_TRIGRAM_LENGTH = 3
WORD_SIMILARITY_THRESHOLD = 0.5
# How many merges a chain of tombstones may have before we stop following it (a guard, not a business rule).
MAX_MERGE_HOPS = 10


class LookupKind:
    EMAIL = "email"
    NUMBER = "number"
    NAME = "name"


def lookup_kind(*, query: str) -> str:
    """What the clerk typed, so each kind is matched exactly on its own index (and logged without the value)."""
    if "@" in query:
        return LookupKind.EMAIL
    if NUMBER_LIKE.match(query) and sum(ch.isdigit() for ch in query) >= 4:
        return LookupKind.NUMBER
    return LookupKind.NAME


def customer_lookup(*, query: str, country: str = "NO", limit: int = 20) -> list[Customer]:
    """Customers matching an email, a phone or card number in any common format, or a name with typos.

    A merged-away profile keeps its card, email and phone, so they still find someone: its survivor.
    """
    query = " ".join((query or "").split())
    if not query:
        return []
    kind = lookup_kind(query=query)
    if kind == LookupKind.NAME:
        live = Customer.objects.filter(merged_into__isnull=True).select_related("home_store")
        return _customers_by_name(live, name=query.upper(), limit=limit)
    if kind == LookupKind.EMAIL:
        match = Q(email=normalize_email(query))
    else:
        # "22334455" may be a phone number or the start of a card number: ask both indexes in one go.
        phone = normalize_phone(query, country=country)
        match = Q(card_number=normalize_card(query))
        if phone:
            match |= Q(phone=phone)
    live = Customer.objects.filter(match, merged_into__isnull=True).select_related("home_store")
    found = {customer.pk: customer for customer in live[:limit]}
    # Tombstones point at their survivor (merge flattens chains), so one join reaches the live profile.
    tombstones = Customer.objects.filter(match, merged_into__isnull=False).select_related("merged_into__home_store")
    for tombstone in tombstones.order_by("pk")[:limit]:
        survivor = tombstone.merged_into
        if survivor.merged_into_id is not None:
            survivor = customer_survivor(customer_id=survivor.pk)
        found.setdefault(survivor.pk, survivor)
    return list(found.values())[:limit]


def _customers_by_name(customers, *, name: str, limit: int) -> list[Customer]:
    """Names containing what was typed first; only when those run short, names with typos, word by word.

    Both steps use the GIN trigram index on UPPER(full_name). Asking for typos only as a fallback, and
    requiring every typed word to be similar to a word of the name, keeps the candidate set small even
    for common first names at 100,000 customers.
    """
    customers = customers.alias(upper_name=Upper("full_name"), upper_last=Upper("last_name")).annotate(
        similarity=TrigramWordSimilarity(Value(name), Upper("full_name")),
        # The surname (or the whole name) exactly as typed beats a name that merely contains it: Hansen, then Johansen.
        exact=Case(When(Q(upper_last=name) | Q(upper_name=name), then=0), default=1, output_field=IntegerField()),
    )
    ranking = ("exact", "-similarity", "last_name", "first_name", "pk")
    found = list(customers.filter(upper_name__contains=name).order_by(*ranking)[:limit])
    words = [word for word in name.split() if len(word) >= MIN_TRIGRAM_LENGTH]
    if len(found) >= limit or not words:
        return found
    typos = Q()
    for word in words:
        typos &= Q(upper_name__trigram_word_similar=word)
    # Ranked by word distance (1 - similarity), which the GiST index computes without re-reading each name.
    distance = TrigramWordDistance(Value(name), Upper("full_name"))
    more = (
        customers.filter(typos)
        .exclude(pk__in=[c.pk for c in found])
        .order_by(distance, "last_name", "first_name", "pk")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # One dropped letter in a short word ("Hanen" for "Hansen") scores 0.5, under pg_trgm's default of
        # 0.6; every other typed word must match too, so the lower bar still finds few names.
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        return found + list(more[: limit - len(found)])


def customer_survivor(*, customer_id: int) -> Customer:
    """The live profile for an id: a merged-away tombstone leads to the customer it was merged into.

    Raises Customer.DoesNotExist when there is no such customer.
    """
    customer = Customer.objects.select_related("home_store").get(pk=customer_id)
    hops = 0
    while customer.merged_into_id is not None and hops < MAX_MERGE_HOPS:
        customer = Customer.objects.select_related("home_store").get(pk=customer.merged_into_id)
        hops += 1
    return customer


def customer_timeline(*, customer: Customer, limit: int = 50) -> list[TimelineEvent]:
    """The latest things the customer did on any channel, newest first."""
    return list(TimelineEvent.objects.filter(customer=customer).order_by("-occurred_at", "-pk")[:limit])
