"""A misspelt surname that reads as two names: the clerk's page shows both, however many customers the other one has."""

import itertools

import pytest

from customers.models import Channel, Customer
from customers.selectors import customer_lookup

pytestmark = pytest.mark.django_db

MANY = 30  # more than the page of 20
CARDS = itertools.count(600000000000)


def _customers(*names: tuple[str, str, int]) -> dict[str, list[Customer]]:
    """(first name, surname, how many) in one bulk insert, by full name."""
    rows = [
        Customer(first_name=first, last_name=last, card_number=str(next(CARDS)), created_channel=Channel.STORE)
        for first, last, count in names
        for _ in range(count)
    ]
    by_name: dict[str, list[Customer]] = {}
    for customer in Customer.objects.bulk_create(rows):
        by_name.setdefault(customer.full_name, []).append(customer)
    return by_name


@pytest.mark.parametrize(
    ("typed", "many", "meant"),
    [
        ("Knusen", "Knudsen", "Knutsen"),  # a letter left out of either
        ("Knusen", "Knutsen", "Knudsen"),
        ("Hage", "Hagen", "Hauge"),  # inside every Hagen, and Hauge with its middle letter left out
    ],
)
def test_a_surname_one_slip_from_two_names_shows_the_less_common_one_too(typed, many, meant):
    _customers(("Ola", many, MANY))
    [[wanted]] = _customers(("Kari", meant, 1)).values()

    found = customer_lookup(query=typed)

    assert len(found) == 20
    assert wanted in found


@pytest.mark.parametrize(
    ("typed", "many", "meant"),
    [
        ("Kari Knusen", "Knudsen", "Knutsen"),
        ("Kari Knusen", "Knutsen", "Knudsen"),
        ("Kari Hage", "Hagen", "Hauge"),  # every "Kari Hagen" contains what was typed
    ],
)
def test_a_full_name_with_a_surname_one_slip_from_two_names_shows_the_less_common_one_too(typed, many, meant):
    _customers(("Kari", many, MANY))
    [[wanted]] = _customers(("Kari", meant, 1)).values()

    found = customer_lookup(query=typed)

    assert len(found) == 20
    assert wanted in found


def test_equally_close_surnames_share_the_page_listed_alphabetically():
    _customers(("Ola", "Knutsen", MANY), ("Ola", "Knudsen", MANY))

    found = customer_lookup(query="Knusen")

    assert [c.last_name for c in found] == ["Knudsen"] * 10 + ["Knutsen"] * 10


def test_a_surname_typed_whole_still_fills_the_page_with_that_surname():
    _customers(("Ola", "Hansen", MANY), ("Kari", "Hanssen", 5))

    assert {c.last_name for c in customer_lookup(query="Hansen")} == {"Hansen"}
    assert {c.full_name for c in customer_lookup(query="Ola Hansen")} == {"Ola Hansen"}
