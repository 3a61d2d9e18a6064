"""Reads of customers for staff: find a customer from what they tell the clerk, and everything about them on one page."""

import operator
import re
from functools import reduce
from itertools import zip_longest

from django.contrib.postgres.search import TrigramWordDistance, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Exists, IntegerField, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber, Upper

from customers.models import NAME_WORD_VARIANTS, WORDS_BESIDE_SURNAME, Customer, NameWord, TimelineEvent, name_words
from customers.normalize import normalize_card, normalize_email, normalize_phone

# What a clerk may type for a phone or card number: digits and the separators people put between them.
NUMBER_LIKE = re.compile(r"^\+?[\d\s\-().]+$")
# The words of a typed name, split as the name-word vocabulary splits names: on anything but letters and digits.
NAME_WORD = re.compile(r"[^\W_]+")
# Word similarity needs a few letters to mean anything; shorter names are matched as a prefix of a word.
MIN_TRIGRAM_LENGTH = 3
# A typed word of two letters may still be a name with one letter missed ("Me" for Moe); one letter is an initial.
MIN_SLIP_LENGTH = 2
# How a typed word may differ from a word of a name, likeliest first: a hurried clerk mostly leaves a letter out,
# sometimes swaps two, hits a wrong key or adds one. ALIKE: more than one slip, only alike by trigrams.
EXACT, MISSING, SWAPPED, WRONG, EXTRA, ALIKE = range(6)
# A typed word that is no name's word but a letter short of one ("Hage": Hagen) is as likely a slip as another (Hauge):
# names containing it are not listed first, but with the other readings one slip away, which share the page.
NO_WORD_A_LETTER_SHORT = """NOT EXISTS (SELECT FROM unnest(%s::text[]) AS typed (word) WHERE NOT EXISTS (SELECT FROM
    customers_nameword AS name WHERE name.word = typed.word) AND EXISTS (SELECT FROM customers_nameword AS name
    WHERE name.word LIKE '%%' || typed.word || '%%' AND length(name.word) = length(typed.word) + 1))"""
# Up to so many words, their customers are read in order off the surname index, one ordered read each.
MAX_ORDERED_WORDS = 8
# Up to so many readings of a first name and a surname with a typo, each reading's customers are read in order.
MAX_READINGS = 64
# The customers of each reading of two typed words ("KARI HANSEN", "HAGEN KARI" …), a page at most each, in order
# off the customer_name_order index; and those whose name is of another shape having a word like each (the partial
# index customer_unusual_name_words, whose condition, TWO_WORDS, this repeats).
OF_READINGS = """SELECT page.id FROM unnest(%s::text[]) AS reading (name) CROSS JOIN LATERAL (
    SELECT id FROM customers_customer WHERE upper(full_name) = reading.name AND merged_into_id IS NULL
    AND NOT id = ANY(%s::bigint[]) ORDER BY last_name, first_name, id LIMIT %s) AS page
    UNION ALL SELECT id FROM customers_customer WHERE merged_into_id IS NULL
    AND NOT full_name::text ~ '^[[:alnum:]]+ [[:alnum:]]+$'
    AND regexp_split_to_array(upper(full_name), '[^[:alnum:]]+') && %s::text[]
    AND regexp_split_to_array(upper(full_name), '[^[:alnum:]]+') && %s::text[]"""
# The customers of a name (or surname) as typed, a page at most each, in order off the name and surname indexes; those
# of names merely containing it (the trigram index reads every customer of a common name) only if they are fewer.
AS_TYPED_OR_CONTAINING = """(SELECT id FROM customers_customer WHERE upper(full_name) = %s
    AND merged_into_id IS NULL ORDER BY last_name, first_name, id LIMIT %s)
    UNION ALL (SELECT id FROM customers_customer WHERE upper(last_name) = %s AND merged_into_id IS NULL
    ORDER BY last_name, first_name, id LIMIT %s)
    UNION ALL SELECT id FROM customers_customer WHERE upper(full_name) LIKE %s AND merged_into_id IS NULL
    AND (SELECT id FROM customers_customer WHERE upper(full_name) = %s AND merged_into_id IS NULL
    ORDER BY last_name, first_name, id OFFSET %s LIMIT 1) IS NULL"""
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

    For typos, each typed word is matched against the vocabulary of name words (not 100,000 names): the words one
    slip from it ("Haen" for Hagen, which trigrams hardly see) and those alike by trigrams; only customers having
    such a word for every typed word are ranked. A name shorter than a trigram ("Li") is matched as a word's start.
    """
    if len(name) < MIN_TRIGRAM_LENGTH:
        return _customers_by_word_start(customers, start=name, limit=limit)
    found = _customers_containing(customers, name=name, limit=limit)
    words = list(dict.fromkeys(word for word in NAME_WORD.findall(name) if len(word) >= MIN_SLIP_LENGTH))
    if len(found) >= limit or not words:
        return found
    with transaction.atomic(), connection.cursor() as cursor:
        # One dropped letter in a short word ("Hanen" for "Hansen") scores 0.5, under pg_trgm's default of
        # 0.6; every other typed word must match too, so the lower bar still finds few names.
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD])
        like = _name_words_like(words=words)
    if not all(like):
        return found
    exclude = [c.pk for c in found]
    if len(words) == 1:
        return found + _customers_by_closest_word(customers, like=like[0], exclude=exclude, limit=limit - len(found))
    # Every typed word must be like a word of the name: few customers have all of them. The likeliest slips
    # first (Kari Hansen, then Kari Hagen for "Kari Hanen"), then the names closest by trigrams.
    slips = reduce(operator.add, (_slip_of_word(one_like) for one_like in like))
    closest = (slips, TrigramWordDistance(Value(name), Upper("full_name")), "last_name", "first_name", "pk")
    turns = any(map(_one_slip_from_two, like))
    return found + _customers_having_words(
        customers, words=[list(w) for w in like], exclude=exclude, order=closest, limit=limit - len(found), turns=turns
    )


def _customers_containing(customers, *, name: str, limit: int) -> list[Customer]:
    """Customers whose name contains what was typed: the surname exactly so first, then the most alike names.

    One typed word is inside a name only if inside one of its words: the vocabulary tells which, at once. When
    they are few, their customers are read word by word off the surname index, rather than ranking thousands of
    names or reading much of the trigram index on names to find that no name has a misspelt word.
    """
    if NAME_WORD.fullmatch(name):
        inside = NameWord.objects.filter(word__contains=name).annotate(
            similarity=TrigramWordSimilarity(Value(name), "word")
        )
        containing = list(inside.values_list("word", "similarity")[: MAX_ORDERED_WORDS + 1])
        if len(containing) <= MAX_ORDERED_WORDS:
            if name not in dict(containing) and any(len(word) == len(name) + 1 for word, _ in containing):
                return []  # No name's word, a letter short of one (Hage, Hagen): a reading as likely as others (Hauge)
            return _customers_of_words_containing(customers, name=name, containing=containing, limit=limit)
    annotated = customers.alias(upper_name=Upper("full_name"), upper_last=Upper("last_name")).annotate(
        similarity=TrigramWordSimilarity(Value(name), Upper("full_name")),
        # The surname (or the whole name) exactly as typed beats a name that merely contains it: Hansen, then Johansen.
        exact=Case(When(Q(upper_last=name) | Q(upper_name=name), then=0), default=1, output_field=IntegerField()),
    )
    ranking = ("exact", "-similarity", "last_name", "first_name", "pk")
    # Every typed word is inside a word of any name containing them all: when one is inside none, or is no word
    # but a letter short of one, PostgreSQL stops at these checks of the vocabulary, before the trigram index.
    typed = NAME_WORD.findall(name)
    inside = [Exists(NameWord.objects.filter(word__contains=word)) for word in typed]
    short = RawSQL(NO_WORD_A_LETTER_SHORT, [[w for w in typed if len(w) >= MIN_TRIGRAM_LENGTH]], BooleanField())  # noqa: S611
    like = "%" + connection.ops.prep_for_like_query(name) + "%"
    among = RawSQL(AS_TYPED_OR_CONTAINING, [name, limit, name, limit, like, name, limit - 1])  # noqa: S611
    return list(annotated.filter(*inside, short, pk__in=among).order_by(*ranking)[:limit])


def _customers_of_words_containing(customers, *, name: str, containing: list[tuple[str, float]], limit: int):
    """As _customers_containing ranks them, for one typed word inside a few name words: the surname exactly
    as typed first, then the customers of the words most alike, each word's alphabetically."""
    found = []
    if any(word == name for word, _ in containing):
        surname = customers.alias(surname=Upper("last_name")).filter(surname=name)
        found = list(surname.order_by("last_name", "first_name", "pk")[:limit])
    by_similarity: dict[float, list[str]] = {}
    for word, similarity in containing:
        by_similarity.setdefault(-round(similarity, 6), []).append(word)
    for closeness in sorted(by_similarity):
        if len(found) >= limit:
            break
        found += _customers_having_word(
            customers, words=by_similarity[closeness], exclude=[c.pk for c in found], limit=limit - len(found)
        )
    return found


def _slip_of_word(like: dict[str, tuple[int, float]]) -> Case:
    """How far a customer's name is from one typed word: the likeliest slip of its words like that word."""
    by_slip: dict[int, list[str]] = {}
    for word, (slip, _) in like.items():
        by_slip.setdefault(slip, []).append(word)
    whens = [When(words__overlap=words, then=Value(slip)) for slip, words in sorted(by_slip.items()) if slip < ALIKE]
    return Case(*whens, default=Value(ALIKE), output_field=IntegerField())


def _one_slip_from_two(like: dict[str, tuple[int, float]]) -> bool:
    """Whether a typed word is the same slip from two words ("Knusen": Knudsen, Knutsen), both as likely meant."""
    slips = [slip for slip, _ in like.values() if slip < ALIKE]
    return len(slips) > len(set(slips))


def _customers_by_closest_word(customers, *, like: dict[str, tuple[int, float]], exclude: list[int], limit: int):
    """The customers of the words closest to one typed word first: the likeliest slip, then the most alike.

    A misspelt common surname is like thousands of names: the closest words' customers first, so that only they
    are ranked when they fill the page (Kristensen for "Kristnsen", then Kristiansen …). Words one slip away are
    equally close whatever their trigrams ("Knusen": Knudsen, Knutsen), and share the page.
    """
    by_closeness: dict[tuple[int, float], list[str]] = {}
    for word, (slip, score) in like.items():
        by_closeness.setdefault((slip, -round(score, 6) if slip == ALIKE else 0), []).append(word)
    found: list[Customer] = []
    for closeness in sorted(by_closeness):
        if len(found) >= limit:
            break
        found += _customers_having_word(
            customers, words=by_closeness[closeness], exclude=exclude + [c.pk for c in found], limit=limit - len(found)
        )
    return found


def _customers_having_word(customers, *, words: list[str], exclude: list[int], limit: int) -> list[Customer]:
    """The customers with one of a few words in their name, the words taking turns, shown alphabetically.

    A common surname is thousands of customers: those whose surname is the word are read in order off the surname
    index, 20 at most each; those having it elsewhere (first name, a surname of several words) are few.
    """
    alphabetically = ("last_name", "first_name", "pk")
    if len(words) > MAX_ORDERED_WORDS:
        return _customers_having_words(customers, words=[words], exclude=exclude, order=alphabetically, limit=limit)
    rows = customers.alias(surname=Upper("last_name"), beside=WORDS_BESIDE_SURNAME).exclude(pk__in=exclude)
    rows = rows.order_by(*alphabetically)
    reads = [
        read.annotate(word=Value(word)).values_list(*alphabetically, "word")[:limit]
        for word in words
        for read in (rows.filter(surname=word), rows.filter(beside__overlap=[word]).exclude(surname=word))
    ]
    by_word: dict[str, list[int]] = {}
    for *_, pk, word in reads[0].union(*reads[1:], all=True).order_by(*alphabetically):
        by_word.setdefault(word, []).append(pk)
    pks = list(dict.fromkeys(pk for turn in zip_longest(*by_word.values()) for pk in turn if pk))[:limit]
    return list(customers.filter(pk__in=pks).order_by(*alphabetically))


def _customers_having_words(customers, *, words: list[list[str]], exclude: list[int], order, limit: int, turns=False):
    """The customers with, for each list, one of its words in their name (the name-word index), best first.

    Ranked on narrow rows, then only the customers shown are read whole. With `turns`, names equally ranked take
    turns (Kari Knudsen, Kari Knutsen, …), each name's best first."""
    having = reduce(operator.and_, (Q(words__overlap=any_of) for any_of in words))
    customers = customers.alias(words=name_words("full_name"))
    candidates = customers.filter(having)
    if readings := _readings(words):
        # A common name is hundreds of customers, all alike: a page at most of each reading's, in order.
        candidates = customers.filter(pk__in=RawSQL(OF_READINGS, [readings, exclude, limit, *words]))  # noqa: S611
    # A name's words, so its rank, are the same for all who have it: each name's turns in the order they joined.
    turn = [Window(RowNumber(), partition_by="full_name", order_by="pk")] if turns else []
    ranked = candidates.exclude(pk__in=exclude).order_by(order[0], *turn, *order[1:]).values("pk")[:limit]
    return list(customers.filter(pk__in=ranked).order_by(*order))


def _readings(words: list[list[str]]) -> list[str]:
    """The two-word names a first name and a surname may be, one of the words like each in either order: exactly
    the names of two words having a word like each, when no word is like both typed words and they are few."""
    if len(words) != 2 or set(words[0]) & set(words[1]) or 2 * len(words[0]) * len(words[1]) > MAX_READINGS:
        return []
    return [f"{a} {b}" for one, other in (words, words[::-1]) for a in one for b in other]


def _customers_by_word_start(customers, *, start: str, limit: int) -> list[Customer]:
    """Customers with a word of their name starting with `start`: a surname exactly that first (Li, then Lie).
    Then, when those are few, the names with a word one slip from it: "Me" is Moe with its middle letter missed."""
    vocabulary = NameWord.objects.filter(word__startswith=start).order_by("word")
    starting = list(vocabulary.values_list("word", flat=True)[:MAX_WORDS])
    found = []
    if start in starting:
        surname = customers.alias(surname=Upper("last_name")).filter(surname=start)
        found = list(surname.order_by("last_name", "first_name", "pk")[:limit])
    if starting and len(found) < limit:
        exclude = [c.pk for c in found]
        found += _customers_having_word(customers, words=starting, exclude=exclude, limit=limit - len(found))
    if len(found) >= limit or len(start) < MIN_SLIP_LENGTH:
        return found
    [like] = _name_words_like(words=[start])
    one_slip = {word: closeness for word, closeness in like.items() if word not in starting}
    exclude = [c.pk for c in found]
    return found + _customers_by_closest_word(customers, like=one_slip, exclude=exclude, limit=limit - len(found))


def _name_words_like(*, words: list[str]) -> list[dict[str, tuple[int, float]]]:
    """For each typed word, the words of customers' names like it, with their slip and how alike, in one query.

    Like: one slip apart (the index of each vocabulary word with any one letter left out) or, for a typed word of
    a trigram or more, alike by trigrams over the threshold the caller sets. The words go back to PostgreSQL as
    constants, so that it plans the customer query on how many customers have them rather than on a guess.
    """
    like = Q(variants__overlap=sorted({variant for word in words for variant in word_variants(word)}))
    for word in words:
        if len(word) >= MIN_TRIGRAM_LENGTH:
            like |= Q(word__trigram_word_similar=word)
    scores = {f"score_{i}": TrigramWordSimilarity(Value(word), "word") for i, word in enumerate(words)}
    vocabulary = NameWord.objects.alias(variants=NAME_WORD_VARIANTS)
    rows = vocabulary.filter(like).annotate(**scores).values_list("word", *scores)
    similar: list[dict[str, tuple[int, float]]] = [{} for _ in words]
    for name_word, *word_scores in rows:
        for i, score in enumerate(word_scores):
            slip = word_slip(typed=words[i], word=name_word)
            if slip < ALIKE or (score >= WORD_SIMILARITY_THRESHOLD and len(words[i]) >= MIN_TRIGRAM_LENGTH):
                similar[i][name_word] = (slip, score)
    return similar


def word_variants(word: str) -> set[str]:
    """The word and the word with any one letter left out, as the vocabulary's index has them for its words."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))} - {""}


def word_slip(*, typed: str, word: str) -> int:
    """Which one slip turns the name word into what was typed (EXACT: none), or ALIKE when it takes more."""
    if typed == word:
        return EXACT
    if len(word) == len(typed) + 1:
        return MISSING if typed in word_variants(word) else ALIKE
    if len(typed) == len(word) + 1:
        return EXTRA if word in word_variants(typed) else ALIKE
    differ = [i for i, (a, b) in enumerate(zip(typed, word, strict=False)) if a != b]
    if len(typed) != len(word) or len(differ) > 2:
        return ALIKE
    if len(differ) == 1:
        return WRONG
    first, second = differ
    swapped = second == first + 1 and typed[first] == word[second] and typed[second] == word[first]
    return SWAPPED if swapped else ALIKE


def customer_survivor(*, customer_id: int) -> Customer:
    """The live profile for an id: a merged-away tombstone leads to the customer it was merged into.
    Raises Customer.DoesNotExist when there is no such customer."""
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
