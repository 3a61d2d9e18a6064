"""One way to write money, phone numbers and card numbers, for every page, email and display string."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.formatting import card_number_format, money_format, phone_format


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("1299"), "NOK 1,299.00"), ("249.5", "NOK 249.50"), (Decimal("0.005"), "NOK 0.01"), (None, ""), ("x", "")],
)
def test_money_has_one_format(value, expected):
    assert money_format(value) == expected


def test_money_in_another_currency_keeps_the_format():
    assert money_format(Decimal("12"), "EUR") == "EUR 12.00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+4722334455", "+47 22 33 44 55"),
        ("+46701234567", "+46 70 123 45 67"),
        ("", ""),
        ("not a phone", "not a phone"),
    ],
)
def test_phone_numbers_are_written_internationally(value, expected):
    assert phone_format(value) == expected


def test_card_numbers_come_in_groups_of_four():
    assert card_number_format("712345678903") == "7123 4567 8903"
    assert card_number_format("7123 4567 89") == "7123 4567 89"


def test_the_template_filters_use_the_same_formats():
    html = Template("{% load catalog_tags %}{{ p|money }}|{{ t|phone }}|{{ c|card_number }}").render(
        Context({"p": Decimal("1299"), "t": "+4722334455", "c": "712345678903"})
    )
    assert html == "NOK 1,299.00|+47 22 33 44 55|7123 4567 8903"
