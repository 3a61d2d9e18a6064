"""A common name is hundreds of customers: a page of them is read in order, and the rarer names still find their place."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.models import Channel, Customer
from customers.selectors import customer_lookup

pytestmark = pytest.mark.django_db

MANY = 30  # more than the page of 20
CARDS = itertools.count(700000000000)


def _customers(first: str, last: str, count: int = 1) -> list[Customer]:
    rows = [
        Customer(first_name=first, last_name=last, card_number=str(next(CARDS)), created_channel=Channel.STORE)
        for _ in range(count)
    ]
    return Customer.objects.bulk_create(rows)


def _plans(typed: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        customer_lookup(query=typed)
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if query["sql"].lstrip("(").startswith("SELECT"):
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                plans.extend(row[0] for row in cursor.fetchall())
    return "\n".join(plans)


def test_a_common_name_typed_whole_shows_its_first_page_alphabetically():
    kari_hansens = _customers("Kari", "Hansen", MANY)
    _customers("Kari", "Hansen-Berg")  # contains the name: after every Kari Hansen

    found = customer_lookup(query="kari hansen")

    assert found == kari_hansens[:20]


def test_a_common_name_filling_the_page_never_reads_the_names_containing_it():
    _customers("Kari", "Hansen", MANY)

    lines = _plans("Kari Hansen").splitlines()

    containing = next(i for i, line in enumerate(lines) if "~~ '%KARI HANSEN%'" in line)
    assert "never executed" in lines[containing - 1], "\n".join(lines)


def test_a_rare_name_still_lists_the_names_containing_it_after_it():
    exact = _customers("Kari", "Hansen", 2)
    longer = _customers("Kari", "Hansen-Berg")

    assert customer_lookup(query="Kari Hansen") == exact + longer


def test_a_misspelt_common_name_shows_a_page_of_it_and_the_names_of_other_shapes_in_their_place():
    kari_hansens = _customers("Kari", "Hansen", MANY)
    [double] = _customers("Anne Kari", "Hansen")  # a first name of two words: as close, and first alphabetically
    [reversed_] = _customers("Hansen", "Kari")  # surname first: as close by slips, further by trigrams
    [hagen] = _customers("Kari", "Hagen")

    found = customer_lookup(query="Kari Hanen", limit=40)

    assert found[:31] == [double, *kari_hansens]
    assert found[31:] == [reversed_, hagen]


def test_a_misspelt_common_name_reads_its_readings_not_every_customer_having_their_words():
    _customers("Kari", "Hansen", MANY)
    _customers("Kari", "Hagen", MANY)

    plans = _plans("Kari Hanen")

    assert "customer_name_order" in plans, plans
    assert "Bitmap Index Scan on customer_name_words " not in plans, plans


def test_two_typed_words_like_the_same_name_word_still_find_every_name_having_it():
    [kari] = _customers("Kari", "Hansen")  # no reading of "Hansen Hanen" is Kari Hansen, yet both words are like HANSEN

    assert customer_lookup(query="Hansen Hanen") == [kari]
