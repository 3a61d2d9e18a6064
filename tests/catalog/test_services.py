"""Catalog services used by the staff console, and the GTIN rules the import and the admin share."""

import pytest

from catalog.csv_io import gtin_check_digit, gtin_is_valid, parse_options
from catalog.models import Product
from catalog.services import products_set_active
from tests.factories import ProductFactory


@pytest.mark.django_db
def test_products_set_active_hides_and_shows_products_and_counts_only_changes():
    shown, hidden = ProductFactory(is_active=True), ProductFactory(is_active=False)

    changed = products_set_active(product_ids=[shown.pk, hidden.pk], is_active=False)

    assert changed == 1
    assert not Product.objects.filter(is_active=True).exists()


@pytest.mark.parametrize("code", ["4006381333931", "96385074", "036000291452", "10012345678902"])
def test_real_barcodes_are_valid_gtins(code):
    assert gtin_is_valid(code)


@pytest.mark.parametrize("code", ["4006381333932", "1234567", "ABCDEFGHIJKLM", ""])
def test_mistyped_barcodes_are_not_valid_gtins(code):
    assert not gtin_is_valid(code)


def test_check_digit_completes_a_barcode():
    assert gtin_check_digit("400638133393") == 1


def test_options_keep_values_with_equals_signs_and_ignore_empty_parts():
    assert parse_options(" size = M ; fit=slim=ish;") == {"size": "M", "fit": "slim=ish"}
