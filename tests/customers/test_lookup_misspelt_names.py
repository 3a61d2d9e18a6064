"""A clerk finds a customer among a shop's worth of alike Norwegian names, whichever letter of the surname was missed."""

import pytest

from customers.models import Channel, Customer
from customers.selectors import customer_lookup
from demo.scale.customers import FIRST_NAMES, LAST_NAMES
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

PER_SURNAME = 8
# Left out of the first page by design: what was typed is itself a name, or the start or a part of one, and a name
# as typed comes before names with a typo.
TYPED_AS_ANOTHER_NAME = {
    "Hanssen": "Hansen",  # a name of its own
    "Aas": "As",  # the start of Astrid
    "Hauge": "Hage",  # inside Hagen
}


def _without_middle_letter(word: str) -> str:
    """A surname as a hurried clerk types it: its middle letter left out ("Hagen" → "Haen", "Moe" → "Me")."""
    cut = len(word) // 2
    return word[:cut] + word[cut + 1 :]


@pytest.fixture
def shop() -> dict[str, list[Customer]]:
    """Every surname of the scale shop a few times, with different first names: hundreds of alike names."""
    rows = [
        Customer(
            first_name=FIRST_NAMES[(s * 3 + n * 7) % len(FIRST_NAMES)],
            last_name=last_name,
            card_number=f"9{s:04d}{n:07d}",
            created_channel=Channel.STORE,
        )
        for s, last_name in enumerate(LAST_NAMES)
        for n in range(PER_SURNAME)
    ]
    customers = Customer.objects.bulk_create(rows)
    by_surname: dict[str, list[Customer]] = {}
    for customer in customers:
        by_surname.setdefault(customer.last_name, []).append(customer)
    return by_surname


def test_a_surname_missing_a_letter_lists_its_customers_on_the_first_page(shop):
    missed = {}
    for last_name, customers in shop.items():
        if last_name in TYPED_AS_ANOTHER_NAME:
            continue
        typed = _without_middle_letter(last_name)
        found = customer_lookup(query=typed)
        if not {c.pk for c in customers} <= {c.pk for c in found}:
            missed[typed] = sorted({c.last_name for c in found})

    assert missed == {}


def test_a_full_name_with_the_surname_missing_a_letter_finds_that_customer_first(shop):
    missed = {}
    for last_name, customers in shop.items():
        if last_name in TYPED_AS_ANOTHER_NAME:
            continue
        customer = customers[0]
        typed = f"{customer.first_name} {_without_middle_letter(last_name)}"
        found = customer_lookup(query=typed)
        if found[:1] != [customer]:
            missed[typed] = [c.full_name for c in found[:3]]

    assert missed == {}


def test_a_name_typed_as_another_name_finds_that_name_first_and_the_misspelt_one_after(shop):
    hagens = {c.pk for c in shop["Hagen"]}
    hauges = {c.pk for c in shop["Hauge"]}

    found = [c.pk for c in customer_lookup(query="Hage", limit=40)]

    assert set(found[: len(hagens)]) == hagens
    assert hauges <= set(found)


@pytest.mark.parametrize(
    ("typed", "first", "then"),
    [
        # A letter left out is the likeliest slip: before a wrong letter (Moe, Hagen) …
        ("Mon", "Moen", "Moe"),
        ("Hanen", "Hansen", "Hagen"),
        # … and two letters swapped before a wrong letter (Lien, Leif).
        ("Lein", "Lien", "Leif"),
    ],
)
def test_a_misspelt_surname_lists_the_likelier_slip_first(typed, first, then):
    Customer.objects.bulk_create(
        Customer(first_name="Kari", last_name=last_name, card_number=f"8{n:011d}", created_channel=Channel.STORE)
        for n, last_name in enumerate([then] * 25 + [first] * 25)
    )

    found = customer_lookup(query=typed, limit=50)

    assert [c.last_name for c in found] == [first] * 25 + [then] * 25


def test_two_letters_left_of_a_three_letter_surname_find_it(shop):
    assert {c.last_name for c in customer_lookup(query="Me")} == {"Moe"}
    assert {c.last_name for c in customer_lookup(query="Ai")} == {"Ali"}
    assert {c.last_name for c in customer_lookup(query="Le")} == {"Lie"}


def test_a_misspelt_word_finds_it_as_surname_first_name_or_part_of_a_surname_alphabetically():
    Customer.objects.bulk_create(
        Customer(first_name=first, last_name=last, card_number=f"5{n:011d}", created_channel=Channel.STORE)
        for n, (first, last) in enumerate(
            [("Ola", "Hansen"), ("Hansen", "Aas"), ("Kari", "Berg-Hansen"), ("Per", "Hansen Moe"), ("Anne", "Hansen")]
        )
    )
    CustomerFactory(first_name="Kari", last_name="Hanssen")  # a word of its own, further from "Hanen"

    found = customer_lookup(query="Hanen", limit=5)

    # By surname, then first name, wherever the word is.
    assert [c.full_name for c in found] == [
        "Hansen Aas",
        "Kari Berg-Hansen",
        "Anne Hansen",
        "Ola Hansen",
        "Per Hansen Moe",
    ]


def test_a_surname_typed_whole_finds_that_surname_then_the_word_elsewhere_then_names_containing_it():
    CustomerFactory(first_name="Kari", last_name="Johansen")
    CustomerFactory(first_name="Hansen", last_name="Aas")
    CustomerFactory(first_name="Ola", last_name="Hansen")
    CustomerFactory(first_name="Anne", last_name="Hansen")

    found = customer_lookup(query="hansen")

    assert [c.full_name for c in found] == ["Anne Hansen", "Ola Hansen", "Hansen Aas", "Kari Johansen"]
