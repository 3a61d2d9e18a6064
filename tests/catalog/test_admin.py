"""The catalog staff console: product search, constant queries, bulk actions and the CSV import/export pages."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.csv_io import COLUMNS, gtin_check_digit
from catalog.models import Product, Variant
from tests.factories import CategoryFactory, ProductFactory, StaffFactory, UserFactory, VariantFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalog_product_changelist")
IMPORT = reverse("admin:catalog_product_import")
EXPORT = reverse("admin:catalog_product_export")


def csv_file(rows, name="catalog.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in COLUMNS})
    upload = io.BytesIO(out.getvalue().encode())
    upload.name = name
    return upload


def row(sku, slug="tee", **values):
    return {
        "sku": sku,
        "product_slug": slug,
        "product_name": "Tee",
        "category_slug": "shirts",
        "price": "99.00",
        **values,
    }


@pytest.fixture
def shirts():
    return CategoryFactory(slug="shirts", name="Shirts")


def products_with_variants(count, category):
    for _ in range(count):
        product = ProductFactory(category=category)
        VariantFactory.create_batch(2, product=product)


# -- changelists -----------------------------------------------------------------------------------


def test_product_changelist_queries_do_not_grow_with_products(admin_client, shirts, django_assert_num_queries):
    products_with_variants(5, shirts)
    admin_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.content.count(b'class="field-variant_count">2<') == 5

    products_with_variants(45, shirts)
    with django_assert_num_queries(len(few)):
        response = admin_client.get(CHANGELIST)
    assert response.content.count(b'class="field-variant_count">2<') == 50


def test_variant_changelist_queries_do_not_grow_with_variants(admin_client, shirts, django_assert_num_queries):
    url = reverse("admin:catalog_variant_changelist")
    products_with_variants(3, shirts)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    products_with_variants(25, shirts)
    with django_assert_num_queries(len(few)):
        assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("field", ["sku", "gtin"])
def test_product_search_finds_a_product_by_variant_sku_or_gtin_once(admin_client, shirts, field):
    wanted = ProductFactory(name="Rain jacket", category=shirts)
    code = "70000000123" + "4"
    code = code[:-1] + str(gtin_check_digit(code[:-1]))
    VariantFactory(product=wanted, sku="JACKET-M", gtin=code)
    VariantFactory(product=wanted, sku="JACKET-L")
    ProductFactory(name="Wool hat", category=shirts)

    response = admin_client.get(CHANGELIST, {"q": "JACKET-M" if field == "sku" else code})

    results = list(response.context["cl"].result_list)
    assert results == [wanted]
    assert results[0].variant_count == 2


def test_mark_inactive_action_hides_products(admin_client, shirts):
    products = ProductFactory.create_batch(3, category=shirts)

    response = admin_client.post(
        CHANGELIST,
        {"action": "mark_inactive", "_selected_action": [p.pk for p in products[:2]]},
        follow=True,
    )

    assert "2 products marked inactive" in response.content.decode()
    assert list(Product.objects.filter(is_active=True)) == [products[2]]


def test_product_add_and_change_pages_render_with_inlines(admin_client, shirts):
    product = ProductFactory(category=shirts)
    VariantFactory(product=product)

    assert admin_client.get(reverse("admin:catalog_product_add")).status_code == 200
    response = admin_client.get(reverse("admin:catalog_product_change", args=[product.pk]))
    assert response.status_code == 200
    assert b"variants-TOTAL_FORMS" in response.content and b"images-TOTAL_FORMS" in response.content


def test_variant_form_refuses_a_gtin_with_a_wrong_check_digit(admin_client, shirts):
    variant = VariantFactory(product=ProductFactory(category=shirts))
    url = reverse("admin:catalog_variant_change", args=[variant.pk])
    data = {
        "product": variant.product_id,
        "sku": variant.sku,
        "gtin": "4006381333932",
        "options": "{}",
        "price": "10.00",
        "is_active": "on",
        "position": "0",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "wrong check digit" in response.content.decode()
    variant.refresh_from_db()
    assert variant.gtin is None


def test_category_changelist_renders(admin_client, shirts):
    CategoryFactory(parent=shirts)

    response = admin_client.get(reverse("admin:catalog_category_changelist"))

    assert response.status_code == 200


# -- CSV import and export -------------------------------------------------------------------------


def test_changelist_links_to_import_and_export(admin_client):
    content = admin_client.get(CHANGELIST).content.decode()

    assert IMPORT in content and EXPORT in content


def test_import_previews_then_applies_on_confirm(admin_client, shirts):
    response = admin_client.post(IMPORT, {"file": csv_file([row("TEE-S"), row("TEE-M")])})

    assert response.status_code == 200
    assert "2 row(s): 2 created, 0 updated, 0 unchanged" in response.content.decode()
    assert Variant.objects.count() == 0
    token = response.context["token"]
    assert token

    response = admin_client.post(IMPORT, {"confirm": "1", "token": token}, follow=True)

    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "Catalog imported" in response.content.decode()
    assert set(Variant.objects.values_list("sku", flat=True)) == {"TEE-S", "TEE-M"}
    # The preview is used up: confirming again imports nothing twice.
    response = admin_client.post(IMPORT, {"confirm": "1", "token": token}, follow=True)
    assert "expired" in response.content.decode()
    assert Variant.objects.count() == 2


def test_import_preview_lists_bad_rows_and_offers_no_confirm(admin_client, shirts):
    response = admin_client.post(IMPORT, {"file": csv_file([row("A"), row("B", price="abc"), row("C", gtin="1")])})

    content = response.content.decode()
    assert "Nothing was imported: 2 bad rows" in content
    assert "&#x27;abc&#x27; is not a price" in content
    assert 'name="confirm"' not in content
    assert Variant.objects.count() == 0


def test_import_refuses_a_file_that_is_not_utf8(admin_client, shirts):
    upload = io.BytesIO("sku,product_slug\nÆ,b\n".encode("latin-1"))
    upload.name = "latin.csv"

    response = admin_client.post(IMPORT, {"file": upload})

    assert "not UTF-8" in response.content.decode()


def test_import_page_sends_non_staff_to_the_login(client, shirts):
    client.force_login(UserFactory())

    response = client.post(IMPORT, {"file": csv_file([row("A")])})

    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert Variant.objects.count() == 0


def test_import_page_is_forbidden_for_staff_without_catalog_change_permission(client, shirts):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_product"))
    client.force_login(staff)

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": csv_file([row("A")])}).status_code == 403
    assert IMPORT not in client.get(CHANGELIST).content.decode()
    assert Variant.objects.count() == 0


def test_staff_with_catalog_permissions_may_import(client, shirts):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_product", "change_product"]))
    client.force_login(staff)

    response = client.post(IMPORT, {"file": csv_file([row("A")])})

    assert response.status_code == 200 and response.context["report"].created == 1


def test_export_downloads_the_catalog_as_csv(admin_client, shirts):
    VariantFactory(sku="TEE-S", product=ProductFactory(slug="tee", category=shirts))

    response = admin_client.get(EXPORT)

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["sku"], r["product_slug"], r["category_slug"]) for r in rows] == [("TEE-S", "tee", "shirts")]


def test_export_action_downloads_only_the_selected_products(admin_client, shirts):
    wanted, other = ProductFactory(category=shirts), ProductFactory(category=shirts)
    VariantFactory(product=wanted, sku="WANTED")
    VariantFactory(product=other, sku="OTHER")

    response = admin_client.post(CHANGELIST, {"action": "export_selected", "_selected_action": [wanted.pk]})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["sku"] for r in rows] == ["WANTED"]


def test_export_is_forbidden_without_view_permission(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(EXPORT).status_code == 403


# -- import for store managers, with a preview of what changes ---------------------------------------


def test_a_store_manager_may_import_and_the_preview_lists_changed_rows_and_fields(client, shirts):
    tee = ProductFactory(slug="tee", name="Tee", category=shirts)
    VariantFactory(product=tee, sku="TEE-S", price="99.00", options={})
    VariantFactory(product=tee, sku="TEE-L", price="99.00", options={})
    client.force_login(StaffFactory(role="store manager"))

    page = client.get(CHANGELIST).content.decode()
    response = client.post(IMPORT, {"file": csv_file([row("TEE-S", price="149.00"), row("TEE-L"), row("TEE-M")])})

    assert IMPORT in page
    content = response.content.decode()
    assert response.status_code == 200 and response.context["token"]
    assert "<code>TEE-S</code>" in content and "price: NOK 99.00 → <strong>NOK 149.00</strong>" in content
    assert "<code>TEE-M</code>" in content and "new variant" in content
    assert "<code>TEE-L</code>" not in content
    assert Variant.objects.get(sku="TEE-S").price == Decimal("99.00")


def test_a_clerk_may_not_import(client, shirts):
    client.force_login(StaffFactory(role="clerk"))

    assert client.get(IMPORT).status_code == 403
    assert IMPORT not in client.get(CHANGELIST).content.decode()


def test_variant_prices_are_shown_in_the_shop_currency(admin_client, shirts):
    VariantFactory(sku="TEE-S", price="1249.5", product=ProductFactory(category=shirts))

    assert "NOK 1,249.50" in admin_client.get(reverse("admin:catalog_variant_changelist")).content.decode()
