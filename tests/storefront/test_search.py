"""Search box: words in name or description (PostgreSQL full text), or a SKU/GTIN as printed on a label."""

import re

import pytest

from tests.factories import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def search(client, q: str, **params) -> tuple[int, list[str], str]:
    response = client.get("/search/", {"q": q, **params})
    html = response.content.decode()
    return response.status_code, re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html), html


@pytest.fixture
def catalog(db):
    boots = ProductFactory(name="Hiking boots", description="Waterproof leather for wet mountain trails.")
    VariantFactory(product=boots, sku="BOOT-42-BRN", gtin="7038010012345")
    VariantFactory(product=boots, sku="BOOT-43-BRN")
    tee = ProductFactory(name="Cotton tee", description="Soft organic cotton.")
    VariantFactory(product=tee, sku="TEE-M-WHT")
    hidden = ProductFactory(name="Waterproof jacket (old)", description="Waterproof.", is_active=False)
    VariantFactory(product=hidden, sku="OLD-JKT")
    return boots, tee


@pytest.mark.parametrize("q", ["BOOT-42-BRN", "boot-42-brn", "boot-42", "7038010012345"])
def test_a_sku_or_barcode_typed_in_the_box_finds_its_product(client, catalog, q):
    status, names, _ = search(client, q)

    assert status == 200
    assert names == ["Hiking boots"]


def test_a_word_from_the_description_finds_the_product_with_stemming(client, catalog):
    _, names, _ = search(client, "trail")

    assert names == ["Hiking boots"]


def test_several_words_and_web_search_syntax(client, catalog):
    assert search(client, "cotton -leather")[1] == ["Cotton tee"]
    assert search(client, '"organic cotton"')[1] == ["Cotton tee"]


def test_an_unrelated_word_finds_nothing_and_shows_help(client, catalog):
    status, names, html = search(client, "submarine")

    assert status == 200
    assert names == []
    assert "No products found for “submarine”" in html
    assert "Check the spelling" in html


def test_inactive_products_are_not_found(client, catalog):
    _, names, _ = search(client, "OLD-JKT")

    assert names == []


def test_sku_match_ranks_above_text_matches(client, catalog):
    ProductFactory(name="Boot spray", description="Keeps boot-42 leather dry.")
    VariantFactory(product=ProductFactory(name="Boot spray"), sku="SPRAY-1")

    _, names, _ = search(client, "boot-42")

    assert names[0] == "Hiking boots"


def test_empty_search_shows_a_search_form(client, catalog):
    status, names, html = search(client, "   ")

    assert status == 200
    assert names == []
    assert '<label for="search-page-q">' in html


def test_odd_characters_do_not_break_search(client, catalog):
    for q in ['"', "-", "&|!():*", "' OR 1=1 --", "x" * 500]:
        status, _, _ = search(client, q)
        assert status == 200


def test_search_results_keep_the_query_in_page_links_and_can_be_sorted(client):
    for n in range(26):
        VariantFactory(product=ProductFactory(name=f"Wool sock {n:02d}", description="Warm wool."))

    _, names, html = search(client, "wool", sort="name")
    assert len(names) == 24
    assert names[0] == "Wool sock 00"
    assert 'href="?q=wool&amp;sort=name&amp;page=2"' in html
    assert '<input type="hidden" name="q" value="wool">' in html
