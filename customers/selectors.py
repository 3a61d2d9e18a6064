"""Reads of customers for staff: find a customer from what they tell the clerk, and everything about them on one page."""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import TrigramWordDistance, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Upper

from customers.models import Customer, NameWord, TimelineEvent, name_words
from customers.normalize import normalize_card, normalize_email, normalize_phone

# What a clerk may type for a phone or card number: digits and the separators people put between them.
NUMBER_LIKE = re.compile(r"^\+?[\d\s\-().]+$")
# The words of a typed name, split as the name-word vocabulary splits names: on anything but letters and digits.
NAME_WORD = re.compile(r"[^\W_]+")
# Word similarity needs a few letters to mean anything; shorter names are matched as a prefix of a word.
MIN_TRIGRAM_LENGTH = 3
WORD_SIMILARITY_THRESHOLD = 0.5
# Name words starting with a short typed name ("Li") that are looked for: a guard against a huge vocabulary.
MAX_WORDS = 500
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

    Containing uses a trigram index on UPPER(full_name). For typos, each typed word is first matched against
    the vocabulary of name words (hundreds or thousands, not 100,000 names); only the customers having one of
    those words for every typed word are then ranked, through the name-word index. A name shorter than a
    trigram ("Li") is matched as the start of a word of the name, through the same vocabulary.
    """
    if len(name) < MIN_TRIGRAM_LENGTH:
        return _customers_by_word_start(customers, start=name, limit=limit)
    annotated = customers.alias(upper_name=Upper("full_name"), upper_last=Upper("last_name")).annotate(
        similarity=TrigramWordSimilarity(Value(name), Upper("full_name")),
        # The surname (or the whole name) exactly as typed beats a name that merely contains it: Hansen, then Johansen.
        exact=Case(When(Q(upper_last=name) | Q(upper_name=name), then=0), default=1, output_field=IntegerField()),
    )
    ranking = ("exact", "-similarity", "last_name", "first_name", "pk")
    found = list(annotated.filter(upper_name__contains=name).order_by(*ranking)[:limit])
    words = list(dict.fromkeys(word for word in NAME_WORD.findall(name) if len(word) >= MIN_TRIGRAM_LENGTH))
    if len(found) >= limit or not words:
        return found
    closest = (TrigramWordDistance(Value(name), Upper("full_name")), "last_name", "first_name", "pk")
    with transaction.atomic(), connection.cursor() as cursor:
        # One dropped letter in a short word ("Hanen" for "Hansen") scores 0.5, under pg_trgm's default of
        # 0.6; every other typed word must match too, so the lower bar still finds few names.
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        similar = _similar_name_words(words=words)
    if not all(similar):
        return found
    if len(words) > 1:
        # Every typed word must be like a word of the name: few customers have all of them.
        tiers = [[list(like) for like in similar]]
    else:
        # One misspelt common surname is like thousands of names: the closest words' customers first, so that
        # only they are ranked when they fill the page (Kristensen for "Kristnsen", then Kristiansen …).
        by_score: dict[float, list[str]] = {}
        for word, score in similar[0].items():
            by_score.setdefault(round(score, 6), []).append(word)
        tiers = [[by_score[score]] for score in sorted(by_score, reverse=True)]
        # Words equally like the typed one: their customers alphabetically, as everywhere in the clerk console.
        closest = ("last_name", "first_name", "pk")
    for tier in tiers:
        if len(found) >= limit:
            break
        found += _customers_having_words(
            customers, words=tier, exclude=[c.pk for c in found], order=closest, limit=limit - len(found)
        )
    return found


def _customers_having_words(customers, *, words: list[list[str]], exclude: list[int], order, limit: int):
    """The customers with, for each list, one of its words in their name (the name-word index), best first.

    Ranked on narrow rows, then only the customers shown are read whole.
    """
    having = Q()
    for any_of in words:
        having &= Q(words__overlap=any_of)
    ranked = (
        customers.alias(words=name_words("full_name"))
        .filter(having)
        .exclude(pk__in=exclude)
        .order_by(*order)
        .values("pk")[:limit]
    )
    return list(customers.filter(pk__in=ranked).order_by(*order))


def _customers_by_word_start(customers, *, start: str, limit: int) -> list[Customer]:
    """Customers with a word of their name starting with `start`: a surname exactly that first (Li, then Lie)."""
    starting = list(
        NameWord.objects.filter(word__startswith=start).order_by("word").values_list("word", flat=True)[:MAX_WORDS]
    )
    if not starting:
        return []
    exact = Case(When(upper_last=start, then=0), default=1, output_field=IntegerField())
    order = (exact, "last_name", "first_name", "pk")
    return _customers_having_words(
        customers.alias(upper_last=Upper("last_name")), words=[starting], exclude=[], order=order, limit=limit
    )


def _similar_name_words(*, words: list[str]) -> list[dict[str, float]]:
    """For each typed word, the words of customers' names like it with how alike, in one query on the vocabulary.

    The caller sets the similarity threshold. The words travel back to PostgreSQL as constants, so that it
    plans the customer query on how many customers have them (and reads the name-word index) rather than
    guessing at a subquery.
    """
    likes = [Q(word__trigram_word_similar=word) for word in words]
    scores = {f"score_{i}": TrigramWordSimilarity(Value(word), "word") for i, word in enumerate(words)}
    rows = NameWord.objects.filter(reduce(operator.or_, likes)).annotate(**scores).values_list("word", *scores)
    similar: list[dict[str, float]] = [{} for _ in words]
    for word, *word_scores in rows:
        for i, score in enumerate(word_scores):
            if score >= WORD_SIMILARITY_THRESHOLD:
                similar[i][word] = score
    return similar


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


def customers_recent(*, customer_ids: list[int]) -> list[Customer]:
    """The customers a clerk opened lately, in that order; merged-away or deleted ones drop out. One query."""
    found = Customer.objects.filter(merged_into__isnull=True).select_related("home_store").in_bulk(customer_ids)
    return [found[pk] for pk in customer_ids if pk in found]


def customer_of_user(user) -> Customer | None:
    """A signed-in person's own live customer profile, with its home store; None before their email is verified."""
    return Customer.objects.select_related("home_store").filter(user=user, merged_into__isnull=True).first()
