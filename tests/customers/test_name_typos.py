"""A clerk finds a customer from a misspelt name however the customer was written: service, admin save, bulk, COPY."""

import pytest
from django.db import connection

from customers.models import Channel, Customer
from customers.selectors import customer_lookup
from customers.services.identity import customer_resolve
from customers.services.profile import customer_update_profile
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

FIRST_NAMES = ["Per", "Liv", "Tor", "Gry", "Ola"]


def _many(last_name: str, count: int) -> list[Customer]:
    """`count` customers with one surname, written in one bulk insert as an import would."""
    return Customer.objects.bulk_create(
        Customer(
            first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
            last_name=last_name,
            card_number=f"9{n:011d}",
            created_channel=Channel.STORE,
        )
        for n in range(count)
    )


def test_a_customer_created_at_the_till_is_found_by_a_misspelt_surname():
    customer = customer_resolve(phone="+47 41 22 33 44", first_name="Ingrid", last_name="Johansen", channel="store")

    assert customer_lookup(query="Johanen") == [customer]


def test_a_customer_created_by_a_factory_is_found_by_a_misspelt_full_name():
    customer = CustomerFactory(first_name="Solveig", last_name="Kvalheim")
    CustomerFactory(first_name="Ola", last_name="Hansen")

    assert customer_lookup(query="Solvieg Kvalhem") == [customer]


def test_a_customer_renamed_by_the_profile_service_is_found_by_a_typo_of_the_new_name(store):
    customer = CustomerFactory(first_name="Kari", last_name="Nordmann")

    customer_update_profile(
        customer=customer,
        first_name="Kari",
        last_name="Strandheim",
        phone=None,
        marketing_consent=False,
        home_store=store,
    )

    assert customer_lookup(query="Strandhem") == [customer]


def test_a_customer_renamed_and_saved_is_found_by_a_typo_of_the_new_name():
    customer = CustomerFactory(first_name="Kari", last_name="Nordmann")

    customer.last_name = "Vestbakken"
    customer.save()

    assert customer_lookup(query="Vestbaken") == [customer]


def test_a_renamed_customer_is_no_longer_found_by_a_typo_of_the_old_name():
    customer = CustomerFactory(first_name="Kari", last_name="Kvalheim")

    customer.last_name = "Berg"
    customer.save()

    assert customer_lookup(query="Kvalhem") == []
    assert customer_lookup(query="Kari Kvalhem") == []


def test_customers_written_in_one_bulk_insert_are_found_by_a_typo():
    [customer] = Customer.objects.bulk_create(
        [Customer(first_name="Sigrun", last_name="Aasheim", card_number="900000000001", created_channel=Channel.STORE)]
    )

    assert customer_lookup(query="Sigrun Asheim") == [customer]


def test_customers_inserted_by_sql_as_the_demo_seeding_does_are_found_by_a_typo():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO customers_customer (card_number, first_name, last_name, marketing_consent, created_channel,
                                            created_at)
            VALUES ('900000000002', 'Torunn', 'Bakkevold', false, 'store', now())
            """
        )

    assert [c.full_name for c in customer_lookup(query="Bakevold")] == ["Torunn Bakkevold"]


def test_a_misspelt_common_surname_lists_the_closest_names_first():
    kristensens = _many("Kristensen", 1000)
    kristiansen = CustomerFactory(first_name="Per", last_name="Kristiansen")
    kristian = CustomerFactory(first_name="Kristian", last_name="Berg")

    found = customer_lookup(query="Kristnsen", limit=1002)

    assert {c.pk for c in found[:1000]} == {c.pk for c in kristensens}
    assert found[1000:] == [kristiansen, kristian]
    # Names equally close come alphabetically, as everywhere in the clerk console.
    assert [c.first_name for c in found[:3]] == ["Gry", "Gry", "Gry"]


def test_a_misspelt_common_surname_shows_a_page_of_the_closest_names():
    _many("Kristensen", 1000)
    CustomerFactory(first_name="Per", last_name="Kristiansen")

    found = customer_lookup(query="Kristnsen")

    assert len(found) == 20
    assert {c.last_name for c in found} == {"Kristensen"}


def test_a_typo_lookup_asks_the_database_the_same_few_times_however_many_names_match(
    django_assert_max_num_queries,
):
    _many("Hansen", 1000)
    CustomerFactory(first_name="Kari", last_name="Hansen")

    # Containing, then (in a savepoint with the similarity bar) the similar name words, then the customers.
    with django_assert_max_num_queries(6):
        found = customer_lookup(query="Kari Hanen")

    assert [c.full_name for c in found] == ["Kari Hansen"]


def test_two_letters_find_names_with_a_word_starting_so_the_exact_surname_first():
    lie = CustomerFactory(first_name="Tone", last_name="Lie")
    li = CustomerFactory(first_name="Ola", last_name="Li")
    linda = CustomerFactory(first_name="Linda", last_name="Berg")
    CustomerFactory(first_name="Emil", last_name="Olsen")  # "li" inside a word, not at its start

    assert customer_lookup(query="li") == [li, linda, lie]


def test_a_misspelt_surname_like_several_names_lists_the_closest_word_first():
    _many("Hansen", 30)
    hanna = CustomerFactory(first_name="Hanna", last_name="Aas")
    hansson = CustomerFactory(first_name="Per", last_name="Hansson")

    found = customer_lookup(query="Hansem", limit=40)

    # "Hansen" is closer to "Hansem" than "Hansson" or "Hanna": all the Hansens come first.
    assert {c.last_name for c in found[:30]} == {"Hansen"}
    assert hanna not in found[:30] and hansson not in found[:30]


@pytest.mark.django_db(transaction=True)
def test_two_customers_with_the_same_new_name_created_at_once_both_commit():
    """Two tills sign up two Zakariassens at the same moment: the second waits for the first's new word, then
    both commit; neither fails and the word is there once."""
    import threading
    import time

    from django.db import transaction

    from customers.models import NameWord

    first_inserted, first_may_commit = threading.Event(), threading.Event()
    errors = []

    def sign_up(card: str, *, first: bool):
        try:
            if not first:
                first_inserted.wait(timeout=10)
            with transaction.atomic():
                CustomerFactory(first_name="Eli", last_name="Zakariassen", card_number=card)
                if first:
                    first_inserted.set()
                    first_may_commit.wait(timeout=10)  # the other till inserts while this one is open
        except Exception as exc:  # noqa: BLE001 — the test reports any failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=sign_up, args=("700000000001",), kwargs={"first": True}),
        threading.Thread(target=sign_up, args=("700000000002",), kwargs={"first": False}),
    ]
    for thread in threads:
        thread.start()
    first_inserted.wait(timeout=10)
    time.sleep(0.3)  # the second insert reaches the new word and waits on it
    first_may_commit.set()
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    assert NameWord.objects.filter(word="ZAKARIASSEN").count() == 1
    assert len(customer_lookup(query="Zakariasen")) == 2
