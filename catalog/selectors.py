"""Reads of the catalog that pages and the API share, each built so its query count does not grow with the data."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from catalog.models import SEARCH_CONFIG, Category, Product, ProductImage, Variant
from core.validators import is_ascii_digits

VOCABULARY_CACHE_KEY = "catalog:search-vocabulary:v1"
# A transposed or dropped letter ("meirno", "merin") still scores above this in difflib's ratio; unrelated words don't.
SPELLING_CUTOFF = 0.75
# pg_trgm's word similarity of a typed word to a product name, for the last-resort fallback (default 0.6 is too strict
# for short words: "scarves" against "Merino Scarf" is 0.5).
NAME_SIMILARITY_THRESHOLD = 0.5
MIN_WORD_LENGTH = 3

# Storefront sort keys → ORDER BY; "relevance" only means something with a search query.
SORTS = {
    "name": (_("Name"), ("name", "pk")),
    "price": (_("Price: low to high"), ("min_price", "name", "pk")),
    "-price": (_("Price: high to low"), ("-min_price", "name", "pk")),
    "newest": (_("Newest"), ("-created_at", "-pk")),
}
SEARCH_SORTS = {"relevance": (_("Best match"), ("-rank", "name", "pk")), **SORTS}


# --- Categories -------------------------------------------------------------------------------------------------


@dataclass
class CategoryTree:
    """Every active category in one query, so a page can walk parents and children without asking again."""

    by_id: dict[int, Category]
    children: dict[int | None, list[Category]] = field(default_factory=dict)

    def descendant_ids(self, category_id: int) -> list[int]:
        """The category and all its active subcategories, at any depth."""
        ids, stack = [], [category_id]
        while stack:
            current = stack.pop()
            if current in ids:
                continue
            ids.append(current)
            stack.extend(child.pk for child in self.children.get(current, []))
        return ids

    def ancestors(self, category: Category) -> list[Category]:
        """Parents from the top down, for breadcrumbs."""
        chain, parent_id = [], category.parent_id
        while parent_id is not None and parent_id in self.by_id and len(chain) < 20:
            parent = self.by_id[parent_id]
            chain.append(parent)
            parent_id = parent.parent_id
        return list(reversed(chain))


def category_tree() -> CategoryTree:
    """Load the active category tree once; small enough for a shop's menu."""
    categories = list(Category.objects.filter(is_active=True).order_by("position", "name"))
    tree = CategoryTree(by_id={c.pk: c for c in categories})
    for category in categories:
        tree.children.setdefault(category.parent_id, []).append(category)
    return tree


def category_ids_with_descendants(*, category: str | int) -> list[int]:
    """Ids of an active category (by slug or id) and its subcategories; empty when there is no such category."""
    tree = category_tree()
    match = None
    if isinstance(category, int) or is_ascii_digits(str(category)):
        match = tree.by_id.get(int(category))
    if match is None:
        match = next((c for c in tree.by_id.values() if c.slug == str(category)), None)
    return tree.descendant_ids(match.pk) if match else []


# --- Product listings -------------------------------------------------------------------------------------------


def search_query(q: str) -> SearchQuery:
    """The shopper's words as PostgreSQL understands them: quotes, OR and -minus like a web search engine."""
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def _code_match(q: str) -> Q:
    """A SKU or GTIN typed into the search box: exact or prefix, any case."""
    code = q.strip()
    return Q(sku__istartswith=code) | Q(gtin__istartswith=code)


def _category_ids_matching(query: SearchQuery) -> list[int]:
    """Categories whose name matches the words ("scarves" → "Hats & Scarves"), with their subcategories."""
    vector = SearchVector("name", config=SEARCH_CONFIG)
    matched = list(
        Category.objects.filter(is_active=True)
        .annotate(search=vector)
        .filter(search=query)
        .values_list("pk", flat=True)
    )
    if not matched:
        return []
    tree = category_tree()
    return sorted({descendant for pk in matched for descendant in tree.descendant_ids(pk)})


def products_search(products: QuerySet[Product], *, q: str) -> QuerySet[Product]:
    """Products whose name/description or category match the words, or that have a variant with that SKU/GTIN; ranked."""
    q = q.strip()
    if not q:
        return products.annotate(rank=Value(0.0, output_field=FloatField()))
    query = search_query(q)
    # Written as id subqueries so PostgreSQL can use the GIN indexes for the words.
    text_ids = Product.objects.filter(search_vector=query).values("pk")
    code_variants = Variant.objects.filter(_code_match(q))
    code_match = Exists(code_variants.filter(product=OuterRef("pk")))
    found = Q(pk__in=text_ids) | Q(pk__in=code_variants.values("product_id"))
    category_ids = _category_ids_matching(query)
    if category_ids:
        found |= Q(category_id__in=category_ids)
    return products.filter(found).annotate(
        rank=SearchRank(F("search_vector"), query) + Case(When(code_match, then=Value(1.0)), default=Value(0.0)),
    )


def _words(text: str) -> list[str]:
    return [word for word in re.findall(r"[^\W\d_]+", text.lower()) if len(word) >= MIN_WORD_LENGTH]


def search_vocabulary() -> frozenset[str]:
    """Every word of active product and category names, cached: what a misspelt word is compared with."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        names = Product.objects.filter(is_active=True).values_list("name", flat=True).distinct()
        categories = Category.objects.filter(is_active=True).values_list("name", flat=True)
        words = frozenset(word for name in [*names, *categories] for word in _words(name))
        cache.set(VOCABULARY_CACHE_KEY, words, 600)
    return words


def search_suggestion(*, q: str) -> str:
    """The words as the shop spells them ("meirno" → "merino"), or "" when every word is known or nothing is close."""
    vocabulary = search_vocabulary()
    if not vocabulary:
        return ""
    changed = False
    corrected = []
    for token in q.split():
        word = token.lower()
        if len(word) < MIN_WORD_LENGTH or word in vocabulary or not word.isalpha():
            corrected.append(token)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=SPELLING_CUTOFF)
        corrected.append(close[0] if close else token)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else ""


def product_ids_similar_to(*, q: str, limit: int = 200) -> list[int]:
    """Last resort for a search that found nothing: names with a word like each typed word (GIN trigram index)."""
    words = [word.upper() for word in _words(q)]
    if not words:
        return []
    similar = Q()
    for word in words:
        similar &= Q(upper_name__trigram_word_similar=word)
    products = (
        Product.objects.filter(is_active=True)
        .alias(upper_name=Upper("name"))
        .filter(similar)
        .annotate(similarity=TrigramWordSimilarity(Value(" ".join(words)), Upper("name")))
        .order_by("-similarity", "pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL: the lower bar holds only for this query's transaction, never for a pooled connection.
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [NAME_SIMILARITY_THRESHOLD])
        return list(products[:limit])


def _images() -> QuerySet[ProductImage]:
    """Pictures in display order, leaving out rows that have neither a file nor an address."""
    return ProductImage.objects.exclude(image="", url="").order_by("position", "pk")


def products_for_listing(
    *,
    category_ids: Sequence[int] | None = None,
    product_ids: Sequence[int] | None = None,
    q: str | None = None,
    include_inactive: bool = False,
    sellable_only: bool = True,
    sort: str | None = None,
) -> QuerySet[Product]:
    """Products for a card grid or the API list: price range annotated, first image prefetched (stock: storefront)."""
    products = Product.objects.all()
    if not include_inactive:
        products = products.filter(is_active=True)
    if category_ids is not None:
        products = products.filter(category_id__in=category_ids)
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    # min_price, max_price, variant_count and default_variant are columns kept by catalog.services.
    if sellable_only:
        products = products.filter(min_price__isnull=False)
    sorts = SORTS
    if q is not None:
        products = products_search(products, q=q)
        sorts = SEARCH_SORTS
    elif product_ids is not None:
        products = products.annotate(rank=Value(0.0, output_field=FloatField()))
        sorts = SEARCH_SORTS
    if sort in sorts:
        products = products.order_by(*sorts[sort][1])
    return products.select_related("category").prefetch_related(Prefetch("images", queryset=_images()))


def products_newest(*, limit: int = 8) -> QuerySet[Product]:
    """The newest sellable products, read from the catalog_product_newest index: constant in the catalog's size."""
    return (
        Product.objects.filter(is_active=True, min_price__isnull=False)
        .order_by("-created_at", "-id")
        .select_related("category")
        .prefetch_related(Prefetch("images", queryset=_images()))[:limit]
    )


# --- Product page -----------------------------------------------------------------------------------------------


def product_for_page(*, slug: str, include_inactive: bool = False) -> Product:
    """One product with its active variants, images and active related products; raises Product.DoesNotExist."""
    products = Product.objects.select_related("category")
    if not include_inactive:
        products = products.filter(is_active=True)
    # The accessories' ids come with the product, so a product without any costs no query for them.
    related_ids = ArraySubquery(
        Product.related.through.objects.filter(from_product_id=OuterRef("pk")).values("to_product_id")
    )
    product = (
        products.annotate(related_ids=related_ids)
        .prefetch_related(
            Prefetch("variants", queryset=Variant.objects.filter(is_active=True).order_by("position", "sku")),
            Prefetch("images", queryset=_images()),
        )
        .get(slug=slug)
    )
    product.related_active = (
        list(products_for_listing(product_ids=product.related_ids).order_by("name", "pk"))
        if product.related_ids
        else []
    )
    return product


def variant_by_code(*, code: str) -> Variant | None:
    """The variant a clerk scanned or typed: its SKU (as typed or upper-case) or its GTIN barcode."""
    code = code.strip()
    if not code:
        return None
    match = Q(sku=code) | Q(sku=code.upper())
    if is_ascii_digits(code):
        match |= Q(gtin=code)
    return Variant.objects.select_related("product").filter(match).first()
