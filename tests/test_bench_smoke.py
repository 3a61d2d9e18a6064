"""The benchmark data at a tiny size: the ledger adds up, keys are unique and normal, seeding again adds nothing."""

import io

import pytest
from django.db import connection

from customers.models import Customer
from customers.normalize import normalize_email, normalize_phone
from demo.scale import seed_scale

pytestmark = pytest.mark.django_db

TINY = {"scale": 0, "variants": 40, "customers": 60, "orders": 12, "movements_per_level": 5, "progress": False}


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_seed_scale_makes_the_counts_it_was_asked_for():
    counts = seed_scale(stdout=io.StringIO(), **TINY)

    assert counts == {"variants": 40, "stock levels": 400, "movements": 2000, "customers": 60, "orders": 12}


def test_every_stock_level_equals_the_sum_of_its_movements_and_never_dips_below_zero():
    seed_scale(stdout=io.StringIO(), **TINY)

    wrong = _rows(
        "SELECT sl.id FROM inventory_stocklevel sl JOIN inventory_stockmovement m ON m.stock_level_id = sl.id "
        "GROUP BY sl.id HAVING sl.on_hand <> sum(m.on_hand_delta) OR min(m.on_hand_after) < 0 "
        "OR sl.reserved <> 0 OR sum(m.reserved_delta) <> 0"
    )
    assert wrong == []
    last_after = _rows(
        "SELECT DISTINCT ON (m.stock_level_id) m.on_hand_after = sl.on_hand FROM inventory_stockmovement m "
        "JOIN inventory_stocklevel sl ON sl.id = m.stock_level_id ORDER BY m.stock_level_id, m.created_at DESC, m.id DESC"
    )
    assert {ok for (ok,) in last_after} == {True}


def test_customers_have_unique_normal_emails_phones_and_cards():
    seed_scale(stdout=io.StringIO(), **TINY)

    customers = list(Customer.objects.values_list("email", "phone", "card_number"))
    emails = [email for email, _, _ in customers]
    phones = [phone for _, phone, _ in customers if phone]
    assert len(set(emails)) == len(emails) == 60
    assert len(set(phones)) == len(phones)
    assert len({card for _, _, card in customers}) == 60
    assert all(normalize_email(email) == email for email in emails)
    assert all(normalize_phone(phone, country="NO") == phone for phone in phones)


def test_order_totals_are_the_sum_of_their_lines():
    seed_scale(stdout=io.StringIO(), **TINY)

    wrong = _rows(
        "SELECT o.id FROM orders_order o JOIN orders_orderline l ON l.order_id = o.id "
        "GROUP BY o.id HAVING o.total <> sum(l.line_total)"
    )
    assert wrong == []


def test_seeding_again_adds_nothing():
    first = seed_scale(stdout=io.StringIO(), **TINY)

    assert seed_scale(stdout=io.StringIO(), **TINY) == first
