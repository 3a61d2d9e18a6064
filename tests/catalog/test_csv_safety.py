"""Catalog CSV against hostile cells: formulas are neutralised on export and restored on import; NUL is a bad row."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from catalog.csv_io import catalog_export
from catalog.models import Product, Variant
from catalog.services import catalog_import
from tests.factories import CategoryFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn", "'quoted"]


def export_rows() -> list[dict]:
    out = io.StringIO()
    catalog_export(stream=out)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def export_text() -> str:
    out = io.StringIO()
    catalog_export(stream=out)
    return out.getvalue()


@pytest.fixture
def hostile_catalog():
    category = CategoryFactory(slug="shirts")
    products = []
    for i, text in enumerate(FORMULAS):
        product = ProductFactory(slug=f"p{i}", name=text.strip() or "x", description=text, category=category)
        VariantFactory(product=product, sku=f"{'=-+@'[i % 4]}SKU{i}", options={"note": "=1"})
        products.append(product)
    return products


def test_export_writes_no_cell_a_spreadsheet_would_run_as_a_formula(hostile_catalog):
    for row in export_rows():
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    descriptions = {row["description"] for row in export_rows()}
    assert '\'=HYPERLINK("http://evil.example")' in descriptions
    assert "'\tTabbed" in descriptions


def test_import_export_import_keeps_formula_like_text_exactly(hostile_catalog):
    before = sorted(Product.objects.values_list("slug", "name", "description"))
    skus = sorted(Variant.objects.values_list("sku", "options"))

    report = catalog_import(stream=io.StringIO(export_text(), newline=""))
    assert report.errors == []
    assert report.unchanged == len(FORMULAS)
    assert sorted(Product.objects.values_list("slug", "name", "description")) == before
    assert sorted(Variant.objects.values_list("sku", "options")) == skus

    text = export_text()
    Variant.objects.all().delete()
    Product.objects.all().delete()
    report = catalog_import(stream=io.StringIO(text, newline=""))
    assert report.errors == [] and report.created == len(FORMULAS)
    assert sorted(Product.objects.values_list("slug", "name", "description")) == before
    assert sorted(Variant.objects.values_list("sku", "options")) == skus
    assert export_text() == text


def test_a_nul_character_in_a_sku_is_reported_as_a_bad_row_not_a_traceback(tmp_path):
    CategoryFactory(slug="shirts")
    path = tmp_path / "catalog.csv"
    path.write_text(
        "sku,product_slug,product_name,category_slug,price\nTEE\x00M,tee,Cotton tee,shirts,199.00\n", encoding="utf-8"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_catalog", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert "line 2, sku: contains a NUL character" in err.getvalue()
    assert Variant.objects.count() == 0
