"""One way to write money, numbers, dates, phone numbers and card numbers, for every page, email and display
string, in the active language."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import (
    card_number_format,
    longdate_format,
    money_format,
    number_format,
    phone_display,
    phone_format,
)

NBSP = "\xa0"


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


@pytest.mark.parametrize(
    ("language", "value", "currency", "expected"),
    [
        ("nb", Decimal("3498.90"), "NOK", f"3{NBSP}498,90{NBSP}kr"),
        ("en", Decimal("3498.90"), "NOK", "NOK 3,498.90"),
        ("nb", Decimal("12"), "EUR", f"12,00{NBSP}EUR"),
        ("nb", Decimal("-5"), "NOK", f"-5,00{NBSP}kr"),
        ("en", Decimal("-5"), "NOK", "-NOK 5.00"),
    ],
)
def test_money_is_written_in_the_active_language(language, value, currency, expected):
    with translation.override(language):
        assert money_format(value, currency) == expected


def test_points_are_grouped_as_the_language_groups_them():
    assert number_format(22262, language="nb") == f"22{NBSP}262"
    assert number_format(22262, language="en") == "22,262"
    assert number_format(None) == ""


def test_a_moment_is_written_out_in_the_shops_time_zone():
    moment = datetime(2026, 12, 5, 9, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Oslo
    assert longdate_format(moment, language="nb") == "lørdag 5. desember 2026 kl. 10:00"
    assert longdate_format(moment, language="en") == "Saturday 5 December 2026, 10:00"
    assert longdate_format(date(2026, 12, 5), language="nb") == "lørdag 5. desember 2026"
    assert longdate_format(date(2026, 12, 5), language="en") == "Saturday 5 December 2026"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+4791000000", "910 00 000"),
        ("+4722334455", "22 33 44 55"),
        ("91000000", "910 00 000"),
        ("+46701234567", "+46 70 123 45 67"),
        ("", ""),
        ("not a phone", "not a phone"),
    ],
)
def test_phone_numbers_are_national_at_home_and_international_otherwise(value, expected):
    assert phone_display(value) == expected


def test_the_format_filters_follow_the_active_language():
    template = Template("{% load formats %}{{ p|money:'NOK' }}|{{ n|points }}|{{ d|longdate }}|{{ t|phone }}")
    context = {"p": Decimal("3498.90"), "n": 22262, "d": date(2026, 12, 5), "t": "+4791000000"}
    with translation.override("nb"):
        assert template.render(Context(context)) == (
            f"3{NBSP}498,90{NBSP}kr|22{NBSP}262|lørdag 5. desember 2026|910 00 000"
        )
    with translation.override("en"):
        assert template.render(Context(context)) == "NOK 3,498.90|22,262|Saturday 5 December 2026|910 00 000"


def test_the_existing_money_filter_follows_the_active_language_too():
    template = Template("{% load catalog_tags %}{{ p|money }}")
    with translation.override("nb"):
        assert template.render(Context({"p": Decimal("1299")})) == f"1{NBSP}299,00{NBSP}kr"


def test_csv_exports_stay_machine_readable_in_norwegian(db):
    import csv
    import io

    from catalog.csv_io import catalog_export
    from tests.factories import VariantFactory

    VariantFactory(price=Decimal("3498.90"))
    out = io.StringIO()
    with translation.override("nb"):
        catalog_export(stream=out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["price"] == "3498.90"
