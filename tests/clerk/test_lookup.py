"""Clerk lookup: whatever the customer tells the clerk finds them, on an index, and never a merged-away profile."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clerk.selectors import customers_matching
from customers.selectors import customer_lookup
from tests.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari():
    return CustomerFactory(
        first_name="Kari",
        last_name="Nordmann",
        email="kari.nordmann@example.com",
        phone="+4722334455",
        card_number="700012345674",
    )


@pytest.mark.parametrize(
    "typed", ["kari.nordmann@example.com", "Kari.Nordmann@Example.COM", "  KARI.NORDMANN@EXAMPLE.COM "]
)
def test_email_in_any_case_finds_the_customer(kari, typed):
    assert customer_lookup(query=typed) == [kari]


@pytest.mark.parametrize("typed", ["+47 22 33 44 55", "22334455", "0047 22334455", "22 33 44 55", "+47-22-33-44-55"])
def test_phone_in_any_common_format_finds_the_customer(kari, typed):
    assert customer_lookup(query=typed, country="NO") == [kari]


def test_local_phone_number_is_read_in_the_stores_country(kari):
    CustomerFactory(phone="+4622334455")  # a Swedish number with the same digits

    assert customer_lookup(query="22334455", country="NO") == [kari]


@pytest.mark.parametrize("typed", ["700012345674", "7000 1234 5674", "7000-1234-5674"])
def test_card_number_with_spaces_or_dashes_finds_the_customer(kari, typed):
    assert customer_lookup(query=typed) == [kari]


@pytest.mark.parametrize("typed", ["Nordman", "nordmann", "Kari Nordman", "kari nordmann"])
def test_name_with_a_typo_finds_the_customer(kari, typed):
    CustomerFactory(first_name="Ola", last_name="Hansen")

    assert customer_lookup(query=typed) == [kari]


def test_name_matches_come_best_first(kari):
    CustomerFactory(first_name="Karin", last_name="Nordmo")

    results = customer_lookup(query="Kari Nordmann")

    assert results[0] == kari


def test_short_name_finds_by_prefix():
    ola = CustomerFactory(first_name="Ola", last_name="Li")
    CustomerFactory(first_name="Per", last_name="Hansen")

    assert customer_lookup(query="Li") == [ola]


def test_merged_away_profiles_are_not_found(kari):
    tombstone = CustomerFactory(
        first_name="Kari", last_name="Nordmann", email="kari.nordmann@example.com", merged_into=kari
    )

    assert customer_lookup(query="kari.nordmann@example.com") == [kari]
    assert tombstone not in customer_lookup(query="Kari Nordmann")


def test_nothing_matches_gives_an_empty_list(kari):
    assert customer_lookup(query="nobody@example.com") == []
    assert customer_lookup(query="99999999") == []
    assert customer_lookup(query="   ") == []


def test_results_carry_the_last_order_date(kari):
    older = OrderFactory(customer=kari)
    newer = OrderFactory(customer=kari, placed_at=older.placed_at.replace(year=older.placed_at.year + 1))

    [found] = customers_matching(query=kari.email, country="NO")

    assert found.last_order_at == newer.placed_at


def test_name_lookup_is_one_query_when_enough_names_match_exactly(django_assert_num_queries):
    for _ in range(15):
        CustomerFactory(first_name="Kari", last_name="Nordmann")

    with django_assert_num_queries(1):
        results = customer_lookup(query="Kari Nordmann", limit=10)

    assert len(results) == 10


def _plan(run) -> str:
    """The plans PostgreSQL picks for the queries `run` makes (a name lookup may ask twice: exact, then typos)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].lstrip("(").startswith("SELECT"):  # a union starts "(SELECT"
                continue  # the savepoint and SET LOCAL around the typo search
            cursor.execute("EXPLAIN " + query["sql"])
            plans.extend(row[0] for row in cursor.fetchall())
    return "\n".join(plans)


def test_lookup_reads_an_index_not_every_customer(kari):
    # Enough customers, with fresh statistics, that PostgreSQL plans as it would for a real shop's table.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO customers_customer
                (email, phone, card_number, first_name, last_name, marketing_consent, created_channel, created_at)
            SELECT 'person' || n || '@example.net', '+474' || lpad(n::text, 7, '0'), '8' || lpad(n::text, 11, '0'),
                   'First' || n, 'Surname' || substr(md5(n::text), 1, 8), false, 'store', now()
            FROM generate_series(1, 40000) AS n
            """
        )
        cursor.execute("ANALYZE customers_customer")
    expected = {
        "Nordman": ["customer_surname_order"],  # inside the name word NORDMANN: its customers in order
        "kari.nordmann@example.com": ["customer_unique_email"],
        "22 33 44 55": ["customer_unique_phone", "card_number"],
        "7000 1234 5674": ["card_number"],
    }

    for typed, indexes in expected.items():
        plan = _plan(lambda typed=typed: customer_lookup(query=typed))

        assert "Seq Scan on customers_customer" not in plan, (typed, plan)
        for index in indexes:
            assert index in plan, (typed, plan)


def test_exact_name_matches_come_before_names_with_typos():
    exact = CustomerFactory(first_name="Ingrid", last_name="Johansen")
    typo = CustomerFactory(first_name="Ingrid", last_name="Johanssen")

    assert customer_lookup(query="Ingrid Johansen")[:2] == [exact, typo]


def test_every_typed_word_must_resemble_the_name():
    CustomerFactory(first_name="Ingrid", last_name="Olsen")

    assert customer_lookup(query="Ingrid Johansen") == []


def test_a_letter_missing_from_a_short_surname_still_finds_the_customer():
    hansen = CustomerFactory(first_name="Kari", last_name="Hansen")
    CustomerFactory(first_name="Kari", last_name="Berg")

    assert customer_lookup(query="Kari Hanen") == [hansen]


@pytest.mark.parametrize("typed", ["Hansen", "hansen", "HANSEN"])
def test_a_surname_ranks_exact_surnames_before_names_that_only_contain_it(typed):
    CustomerFactory(first_name="Per", last_name="Johansen")
    CustomerFactory(first_name="Anne Hansen", last_name="Berg")  # a double first name, sorted before "Hansen"
    CustomerFactory(first_name="Ola", last_name="Hansen-Aas")
    exact = [CustomerFactory(first_name=first, last_name="Hansen") for first in ("Sofie", "Arne")]

    found = customer_lookup(query=typed)

    assert [c.full_name for c in found] == [
        "Arne Hansen",
        "Sofie Hansen",
        "Anne Hansen Berg",
        "Ola Hansen-Aas",
        "Per Johansen",
    ]
    assert found[:2] == exact[::-1]


def test_a_surname_typed_in_full_comes_before_a_similar_one():
    hansen = CustomerFactory(first_name="Sofie", last_name="Hansen")
    johansen = CustomerFactory(first_name="Per", last_name="Johansen")

    assert customer_lookup(query="Johansen") == [johansen, hansen]
