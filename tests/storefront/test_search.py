"""Search box: words in name or description (PostgreSQL full text), or a SKU/GTIN as printed on a label."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from catalog.selectors import VOCABULARY_CACHE_KEY
from tests.factories import CategoryFactory, ProductFactory, VariantFactory

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


@pytest.mark.parametrize("q", ["BOOT-42-BRN", "boot-42-brn", " 7038010012345 "])
def test_an_exact_sku_or_barcode_opens_the_product_with_that_variant(client, catalog, q):
    response = client.get("/search/", {"q": q})

    assert response.status_code == 302
    assert response["Location"] == f"{catalog[0].get_absolute_url()}?sku=BOOT-42-BRN"
    page = client.get(response["Location"]).content.decode()
    assert '<span id="product-sku">BOOT-42-BRN</span>' in page


def test_the_start_of_a_sku_lists_the_products_it_matches(client, catalog):
    status, names, _ = search(client, "boot-4")

    assert status == 200
    assert names == ["Hiking boots"]


def test_an_exact_sku_of_an_inactive_product_opens_no_page(client, catalog):
    status, names, _ = search(client, "OLD-JKT")

    assert status == 200
    assert names == []


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


@pytest.fixture
def knitwear(db):
    hats = CategoryFactory(name="Hats & Scarves", slug="hats-scarves")
    scarf = ProductFactory(name="Fjord Merino Scarf", category=hats, description="Warm and soft.")
    VariantFactory(product=scarf, sku="HAT-SCF-1")
    beanie = ProductFactory(name="Senja Alpaca Beanie", category=hats, description="Ribbed.")
    VariantFactory(product=beanie, sku="HAT-BNE-1")
    sweater = ProductFactory(name="Lofoten Merino Sweater", description="Fine knit.")
    VariantFactory(product=sweater, sku="KNT-SWT-1")
    cache.delete(VOCABULARY_CACHE_KEY)
    return scarf, beanie, sweater


def test_a_plural_finds_the_products_of_the_category_it_names(client, knitwear):
    _, names, _ = search(client, "scarves")

    assert "Fjord Merino Scarf" in names and "Senja Alpaca Beanie" in names
    assert "Lofoten Merino Sweater" not in names


def test_a_typo_finds_the_word_the_shop_uses_and_says_so(client, knitwear):
    status, names, html = search(client, "meirno")

    assert status == 200
    assert sorted(names) == ["Fjord Merino Scarf", "Lofoten Merino Sweater"]
    assert 'Showing results for <a href="?q=merino">“merino”</a>' in html


def test_a_typo_in_one_of_two_words_keeps_the_other(client, knitwear):
    _, names, html = search(client, "merino sweatr")

    assert names == ["Lofoten Merino Sweater"]
    assert "“merino sweater”" in html


def test_a_name_close_to_no_word_falls_back_to_trigram_similarity(client, knitwear):
    # "Alpacca" is close to "Alpaca" by trigrams; this checks the fallback even without the vocabulary.
    cache.set(VOCABULARY_CACHE_KEY, frozenset({"unrelated"}), 60)

    _, names, html = search(client, "alpacca")

    assert names == ["Senja Alpaca Beanie"]
    assert "These names come close" in html


def test_a_word_close_to_nothing_still_finds_nothing(client, knitwear):
    _, names, html = search(client, "submarine")

    assert names == []
    assert "Did you mean" not in html


def test_a_search_asked_again_is_answered_from_the_cache(client, catalog, django_assert_num_queries):
    first = client.get("/search/", {"q": "boots", "sort": "name"}).content.decode()

    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": "boots", "sort": "name"}).content.decode()

    assert again == first and "Hiking boots" in again
    client.get("/search/", {"q": "7038010012345"})
    with django_assert_num_queries(0):  # a barcode's way to its product is kept too
        assert client.get("/search/", {"q": "7038010012345"})["Location"].endswith("?sku=BOOT-42-BRN")


def test_cached_results_show_a_new_price_and_a_new_product_on_the_next_search_after_commit(
    client, catalog, django_capture_on_commit_callbacks
):
    boots, _ = catalog
    assert "NOK 19.99" in search(client, "boots")[2]

    with django_capture_on_commit_callbacks(execute=True):
        for variant in boots.variants.all():
            variant.price = Decimal("24.50")
            variant.save()
        VariantFactory(product=ProductFactory(name="Winter boots"), sku="WB-1", price=Decimal("30.00"))

    _, names, html = search(client, "boots")
    assert "NOK 24.50" in html and "NOK 19.99" not in html
    assert sorted(names) == ["Hiking boots", "Winter boots"]


def test_a_visitors_search_page_is_kept_whole_and_answered_304_when_unchanged(
    client, catalog, django_assert_num_queries
):
    first = client.get("/search/", {"q": "boots"})
    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": "boots"})
    unchanged = client.get("/search/", {"q": "boots"}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == again.status_code == 200
    assert again.content == first.content and "Hiking boots" in again.content.decode()
    assert unchanged.status_code == 304


def test_a_new_product_shows_in_the_next_search_after_commit(client, catalog, django_capture_on_commit_callbacks):
    search(client, "boots")
    with django_capture_on_commit_callbacks(execute=True):
        VariantFactory(product=ProductFactory(name="Trail boots", description="Light boots."), sku="TRAIL-41")

    _, names, _ = search(client, "boots")

    assert "Trail boots" in names and "Hiking boots" in names


def test_searches_for_different_words_do_not_share_a_page(client, catalog):
    search(client, "boots")

    _, names, _ = search(client, "cotton")

    assert names == ["Cotton tee"]
