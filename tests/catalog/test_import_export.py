"""Catalog CSV: export → import round trips, idempotent by SKU, and a bad row writes nothing."""

import csv
import io
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.csv_io import COLUMNS, catalog_export, gtin_check_digit
from catalog.models import Product, ProductImage, Variant
from catalog.services import catalog_import
from tests.factories import CategoryFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def gtin(body: str) -> str:
    return f"{body}{gtin_check_digit(body)}"


def csv_text(rows: list[dict], columns=COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in columns})
    return out.getvalue()


def row(sku="TEE-M", slug="tee", **values) -> dict:
    return {
        "sku": sku,
        "product_slug": slug,
        "product_name": "Cotton tee",
        "category_slug": "shirts",
        "price": "199.00",
        **values,
    }


def do_import(text: str, **kwargs):
    return catalog_import(stream=io.StringIO(text, newline=""), **kwargs)


def export_text(**kwargs) -> str:
    out = io.StringIO()
    catalog_export(stream=out, **kwargs)
    return out.getvalue()


def catalog_state():
    """Everything the CSV describes, to prove a run changed nothing."""
    return (
        list(Product.objects.order_by("pk").values_list("slug", "name", "description", "category_id", "is_active")),
        list(Product.objects.order_by("pk").values_list("updated_at", flat=True)),
        list(Variant.objects.order_by("pk").values_list("sku", "product_id", "gtin", "options", "price", "is_active")),
        sorted(Product.related.through.objects.values_list("from_product_id", "to_product_id")),
        list(ProductImage.objects.order_by("pk").values_list("product_id", "url", "alt_text")),
    )


@pytest.fixture
def shirts():
    return CategoryFactory(slug="shirts", name="Shirts")


@pytest.fixture
def full_catalog(shirts):
    """A catalog that uses every column: options, GTINs, related, images, inactive rows, awkward text."""
    bags = CategoryFactory(slug="bags", name="Bags")
    tee = ProductFactory(
        slug="tee", name="Cotton tee, organic", category=shirts, description='Soft.\nSays "hi", twice.'
    )
    bag = ProductFactory(slug="tote", name="Tote bag", category=bags, is_active=False, description="")
    tee.related.add(bag)
    ProductImage.objects.create(product=tee, url="https://img.example/tee.jpg", alt_text="A white tee")
    VariantFactory(product=tee, sku="TEE-S", gtin=gtin("700000000001"), options={"size": "S", "colour": "White"})
    VariantFactory(product=tee, sku="TEE-M", options={"size": "M"}, price=Decimal("249.50"), is_active=False)
    VariantFactory(product=bag, sku="TOTE", options={}, price=Decimal("0.00"))
    return tee, bag


def test_export_then_import_changes_nothing(full_catalog):
    before = catalog_state()

    report = do_import(export_text())

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert (report.products_created, report.products_updated) == (0, 0)
    assert catalog_state() == before


def test_export_writes_one_row_per_variant_in_the_documented_format(full_catalog):
    rows = list(csv.DictReader(io.StringIO(export_text())))

    assert [r["sku"] for r in rows] == ["TEE-M", "TEE-S", "TOTE"]  # by product slug, position, SKU
    tee_s = rows[1]
    assert tee_s["product_slug"] == "tee"
    assert tee_s["options"] in {"size=S;colour=White", "colour=White;size=S"}
    assert tee_s["related"] == "tote"
    assert tee_s["image_url"] == "https://img.example/tee.jpg"
    assert rows[0]["price"] == "249.50" and rows[0]["variant_active"] == "false"
    assert rows[2]["product_active"] == "false"


def test_import_creates_products_and_variants(shirts):
    CategoryFactory(slug="bags")
    text = csv_text(
        [
            row("TEE-S", options="size=S;colour=Blue", gtin=gtin("700000000002"), related="tote", description="Soft"),
            row("TEE-M", options="size=M;colour=Blue", related="tote", description="Soft", price="219.5"),
            row(
                "TOTE",
                "tote",
                product_name="Tote",
                category_slug="bags",
                product_active="no",
                image_url="https://img.example/tote.jpg",
                image_alt="A canvas tote",
            ),
        ]
    )

    report = do_import(text)

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.products_created == 2
    tee = Product.objects.get(slug="tee")
    assert tee.name == "Cotton tee" and tee.category == shirts and tee.description == "Soft" and tee.is_active
    assert list(tee.related.values_list("slug", flat=True)) == ["tote"]
    medium = Variant.objects.get(sku="TEE-M")
    assert medium.price == Decimal("219.50") and medium.options == {"size": "M", "colour": "Blue"}
    assert medium.product == tee and medium.gtin is None
    assert Variant.objects.get(sku="TEE-S").gtin == gtin("700000000002")
    tote = Product.objects.get(slug="tote")
    assert not tote.is_active
    assert tote.images.get().src == "https://img.example/tote.jpg"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(shirts):
    text = csv_text([row("TEE-S"), row("TEE-M", related=""), row("CAP", "cap", product_name="Cap")])
    do_import(text)
    before = catalog_state()

    report = do_import(text)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert catalog_state() == before


def test_import_updates_changed_rows_by_sku_and_leaves_the_rest(shirts):
    do_import(csv_text([row("TEE-S"), row("TEE-M"), row("CAP", "cap", product_name="Cap")]))
    cap_updated_at = Product.objects.get(slug="cap").updated_at

    report = do_import(
        csv_text([row("TEE-S", price="149.00"), row("TEE-M"), row("CAP", "cap", product_name="Cap"), row("TEE-L")])
    )

    assert (report.created, report.updated, report.unchanged) == (1, 1, 2)
    assert Variant.objects.get(sku="TEE-S").price == Decimal("149.00")
    assert Variant.objects.filter(product__slug="tee").count() == 3
    assert Product.objects.get(slug="cap").updated_at == cap_updated_at


def test_a_product_change_counts_every_row_of_that_product_as_updated(shirts):
    do_import(csv_text([row("TEE-S"), row("TEE-M")]))

    report = do_import(csv_text([row("TEE-S", product_name="Organic tee"), row("TEE-M", product_name="Organic tee")]))

    assert (report.updated, report.products_updated) == (2, 1)
    assert Product.objects.get(slug="tee").name == "Organic tee"


def test_import_moves_a_sku_and_a_gtin_between_products(shirts):
    code = gtin("700000000003")
    do_import(csv_text([row("A", gtin=code), row("B", "other", product_name="Other")]))

    report = do_import(csv_text([row("A", gtin=""), row("B", "other", product_name="Other", gtin=code)]))

    assert report.errors == []
    assert Variant.objects.get(sku="B").gtin == code
    assert Variant.objects.get(sku="A").gtin is None


def test_related_list_replaces_the_goes_with_set(full_catalog):
    tee, bag = full_catalog
    cap = ProductFactory(slug="cap", category=tee.category)
    text = export_text().replace(",tote,https", ",cap|tote,https")

    report = do_import(text)

    assert report.updated == 2  # both tee rows
    assert set(tee.related.values_list("slug", flat=True)) == {"cap", "tote"}
    assert cap.related.count() == 0


def test_columns_left_out_keep_their_values(full_catalog):
    text = csv_text(
        [row("TEE-S", price="99.00", product_name="Cotton tee, organic")], columns=["sku", *list(row())[1:]]
    )

    report = do_import(text)

    assert report.errors == []
    variant = Variant.objects.get(sku="TEE-S")
    assert variant.price == Decimal("99.00")
    assert variant.gtin == gtin("700000000001") and variant.options == {"size": "S", "colour": "White"}
    assert variant.product.description == 'Soft.\nSays "hi", twice.'
    assert set(variant.product.related.values_list("slug", flat=True)) == {"tote"}


def test_dry_run_reports_the_same_counts_and_writes_nothing(full_catalog):
    before = catalog_state()
    text = csv_text([row("NEW-1", "new", product_name="New"), row("TEE-S", "tee", price="1.00")])

    report = do_import(text, dry_run=True)

    assert report.dry_run and report.errors == []
    assert (report.created, report.products_created) == (1, 1)
    assert catalog_state() == before
    assert "Dry run" in report.summary()


BAD_ROWS = [
    ({"category_slug": "nope"}, "category_slug", "'nope' is not a category"),
    ({"price": "abc"}, "price", "'abc' is not a price"),
    ({"price": "12,50"}, "price", "use a dot"),
    ({"price": "-1"}, "price", "negative"),
    ({"price": "1.999"}, "price", "more than 2 decimals"),
    ({"price": ""}, "price", "is required"),
    ({"sku": ""}, "sku", "is required"),
    ({"product_name": ""}, "product_name", "is required"),
    ({"product_slug": "not a slug"}, "product_slug", "is not a slug"),
    ({"gtin": "12345"}, "gtin", "is not a GTIN"),
    ({"gtin": "²" * 8}, "gtin", "is not a GTIN"),
    ({"gtin": "٩٦٣٨٥٠٧٤"}, "gtin", "is not a GTIN"),  # 96385074 in Arabic-Indic digits
    ({"price": "١٩٩"}, "price", "is not a price"),
    ({"price": "1e3"}, "price", "is not a price"),
    ({"gtin": "7000000000011"}, "gtin", "wrong check digit"),
    ({"gtin": "TAKEN"}, "gtin", "already belongs to SKU 'OLD-1'"),
    ({"options": "size"}, "options", "is not name=value"),
    ({"variant_active": "maybe"}, "variant_active", "is not true or false"),
    ({"related": "ghost"}, "related", "no product has the slug 'ghost'"),
    ({"image_url": "not a url", "image_alt": "x"}, "image_url", "is not a web address"),
    ({"image_url": "https://img.example/x.jpg"}, "image_alt", "is required with image_url"),
]


@pytest.mark.parametrize(("bad", "column", "reason"), BAD_ROWS, ids=[c + ":" + r for _, c, r in BAD_ROWS])
def test_a_bad_row_is_reported_with_line_and_reason_and_nothing_is_written(shirts, bad, column, reason):
    taken = gtin("400000000001")
    VariantFactory(sku="OLD-1", gtin=taken)
    if bad.get("gtin") == "TAKEN":
        bad = {**bad, "gtin": taken}
    counts = Product.objects.count(), Variant.objects.count()
    text = csv_text([row("GOOD-1", "good", product_name="Good"), {**row("BAD-1", "bad", product_name="Bad"), **bad}])

    report = do_import(text)

    assert report.bad_lines == [3]
    error = report.errors[0]
    assert (error.line, error.column) == (3, column)
    assert reason in error.message
    assert str(error).startswith(f"line 3, {column}: ")
    assert (Product.objects.count(), Variant.objects.count()) == counts
    assert not Variant.objects.filter(sku="GOOD-1").exists()


def test_duplicate_sku_in_the_file_names_the_first_line(shirts):
    report = do_import(csv_text([row("TEE-S"), row("TEE-M"), row("TEE-S", price="5")]))

    assert [str(e) for e in report.errors] == ["line 4, sku: 'TEE-S' is already on line 2"]
    assert Variant.objects.count() == 0


def test_duplicate_gtin_in_the_file_is_reported(shirts):
    code = gtin("700000000004")
    report = do_import(csv_text([row("TEE-S", gtin=code), row("TEE-M", gtin=code)]))

    assert [(e.line, e.column) for e in report.errors] == [(3, "gtin")]


def test_a_product_must_be_described_the_same_on_every_row(shirts):
    report = do_import(csv_text([row("TEE-S"), row("TEE-M", product_name="Other name")]))

    assert [(e.line, e.column) for e in report.errors] == [(3, "product_name")]
    assert "differs from 'Cotton tee' on line 2" in report.errors[0].message


def test_every_bad_row_is_listed_not_just_the_first(shirts):
    text = csv_text([row("A", price="x"), row("B"), row("C", category_slug="nope", slug="c"), row("D", gtin="1")])

    report = do_import(text)

    assert report.bad_lines == [2, 4, 5]
    assert Variant.objects.count() == 0


def test_line_numbers_count_lines_inside_quoted_cells(shirts):
    text = csv_text([row("A", description="one\ntwo\nthree"), row("B", description="one\ntwo\nthree", price="x")])

    report = do_import(text)

    assert [(e.line, e.column) for e in report.errors] == [(5, "price")]


def test_a_missing_or_unknown_column_is_reported_on_the_header_line(shirts):
    report = do_import("sku,product_slug,product_name,prise\nA,a,A,1\n")

    assert tuple(sorted(e.column for e in report.errors)) == ("category_slug", "price", "prise")
    assert report.bad_lines == [1]


def test_an_empty_file_is_reported(db):
    assert [str(e) for e in do_import("").errors] == ["line 1, file: is empty; the first line must name the columns"]


def test_import_reads_excel_style_files(shirts):
    text = "\ufeff" + csv_text([row("A")]).replace("\n", "\r\n") + "\r\n\r\n"

    report = do_import(text)

    assert (report.errors, report.created) == ([], 1)


def test_import_query_count_does_not_grow_with_the_file(shirts, django_assert_max_num_queries):
    def rows(n, prefix):
        return [
            row(f"{prefix}-{i}", f"{prefix}-p{i // 3}", product_name=f"P{i // 3}", gtin=gtin(f"{prefix}{i:011d}"))
            for i in range(n)
        ]

    small, large = csv_text(rows(6, "5")), csv_text(rows(300, "6"))
    with CaptureQueriesContext(connection) as small_run:
        do_import(small)
    with django_assert_max_num_queries(len(small_run)):
        report = do_import(large)
    assert report.created == 300


# -- management commands ---------------------------------------------------------------------------


def test_import_command_prints_the_report(shirts, tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(csv_text([row("A"), row("B")]), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    call_command("import_catalog", str(path), stdout=out, stderr=err)

    assert "2 row(s): 2 created, 0 updated, 0 unchanged" in out.getvalue()
    assert Variant.objects.count() == 2


def test_import_command_dry_run_writes_nothing(shirts, tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(csv_text([row("A")]), encoding="utf-8")
    out = io.StringIO()

    call_command("import_catalog", str(path), "--dry-run", stdout=out, stderr=io.StringIO())

    assert "Dry run" in out.getvalue() and "1 created" in out.getvalue()
    assert Variant.objects.count() == 0


def test_import_command_fails_with_a_readable_list_of_bad_rows(shirts, tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(csv_text([row("A"), row("B", price="abc"), row("C", category_slug="nope", slug="c")]))
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 bad row"):
        call_command("import_catalog", str(path), stdout=io.StringIO(), stderr=err)

    assert "line 3, price: 'abc' is not a price" in err.getvalue()
    assert "line 4, category_slug: 'nope' is not a category" in err.getvalue()
    assert Variant.objects.count() == 0


def test_import_command_exits_non_zero_on_bad_rows(shirts, tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(csv_text([row("A", price="abc")]))
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "import_catalog", str(path), "--no-progress"],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
    )

    assert result.returncode == 1
    assert "line 2, price: 'abc' is not a price" in result.stderr


def test_export_command_round_trips_through_import_command(full_catalog, tmp_path):
    path = tmp_path / "export.csv"
    call_command("export_catalog", str(path), stdout=io.StringIO())
    out = io.StringIO()

    call_command("import_catalog", str(path), stdout=out, stderr=io.StringIO())

    assert "3 row(s): 0 created, 0 updated, 3 unchanged" in out.getvalue()


def test_export_command_writes_to_standard_output(full_catalog):
    out = io.StringIO()

    call_command("export_catalog", stdout=out)

    assert out.getvalue().splitlines()[0] == ",".join(COLUMNS)
    assert len(out.getvalue().splitlines()) == 1 + 3 + 2  # header, 3 variants, the tee description's inner newlines


def test_import_updates_every_column_of_an_existing_row(full_catalog):
    tee, bag = full_catalog
    bags = bag.category
    rows = list(csv.DictReader(io.StringIO(export_text())))
    for r in rows:
        if r["product_slug"] == "tee":
            r.update(
                product_name="Linen tee",
                category_slug="bags",
                description="Cool",
                product_active="false",
                related="",
                image_url="https://img.example/linen.jpg",
                image_alt="A linen tee",
            )
        if r["sku"] == "TEE-S":
            r.update(price="10.00", gtin=gtin("700000000009"), options="size=XS", variant_active="false")

    report = do_import(csv_text(rows))

    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    tee.refresh_from_db()
    assert (tee.name, tee.category, tee.description, tee.is_active) == ("Linen tee", bags, "Cool", False)
    assert tee.related.count() == 0
    assert [(i.url, i.alt_text) for i in tee.images.all()] == [("https://img.example/linen.jpg", "A linen tee")]
    small = Variant.objects.get(sku="TEE-S")
    assert (small.price, small.gtin, small.options, small.is_active) == (
        Decimal("10.00"),
        gtin("700000000009"),
        {"size": "XS"},
        False,
    )
    assert do_import(csv_text(rows)).unchanged == 3
