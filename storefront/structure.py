"""The shop's structure — category tree with menu links, the stores and their opening hours — read once per
structure version: from this process's memory, else from the cache, else from the database (one query for the
categories, one for the stores' names; two for the stores and their hours, only on pages that show pickup times).

Every storefront request needs it (menu, breadcrumbs, the store filter, pickup times) and it changes only when
staff edit a category, a store or its hours; those writes bump the `structure` version after commit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch

from catalog.models import Category
from catalog.selectors import CategoryTree
from core.versions import STRUCTURE, versions_get
from inventory.models import Location, OpeningHours

CACHE_TIMEOUT = 24 * 60 * 60
# Part of the cache keys: a release that changes what is pickled here bumps it, so a process of the old release
# and one of the new never unpickle each other's structure (an attribute missing, or a class that is not there).
SHAPE = 2


@dataclass(frozen=True)
class StoreName:
    """A store as a listing's filter names it: no opening hours, which only the pages with pickup times read."""

    pk: int
    name: str


@dataclass
class ShopStructure:
    version: str
    tree: CategoryTree
    menu: list[Category]  # top-level categories; each has `.url`, computed once here
    by_slug: dict[str, Category]
    store_names: list[StoreName]  # active stores by name: the "In stock at" filter of every grid

    def category(self, slug: str) -> Category | None:
        return self.by_slug.get(slug)

    @property
    def stores(self) -> list[Location]:
        """Active stores by name, opening hours prefetched: cached apart, as only some pages need them."""
        if self.version == "":
            return _stores()
        memo = getattr(_local, "stores", None)
        if memo is not None and memo[0] == self.version:
            return memo[1]
        key = f"structure-stores:{SHAPE}:{self.version}"
        stores = cache.get(key)
        if stores is None:
            stores = _stores()
            cache.set(key, stores, CACHE_TIMEOUT)
        _local.stores = (self.version, stores)
        return stores


_local = threading.local()


def _stores() -> list[Location]:
    return list(
        Location.objects.filter(is_active=True, kind=Location.Kind.STORE)
        .order_by("name")
        .prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday")))
    )


def _build(version: str) -> ShopStructure:
    categories = list(Category.objects.filter(is_active=True).order_by("position", "name"))
    for category in categories:
        category.url = category.get_absolute_url()  # reverse() once per version, not once per link per page
    tree = CategoryTree(by_id={c.pk: c for c in categories})
    for category in categories:
        tree.children.setdefault(category.parent_id, []).append(category)
    store_names = [
        StoreName(pk, name)
        for pk, name in Location.objects.filter(is_active=True, kind=Location.Kind.STORE)
        .order_by("name")
        .values_list("pk", "name")
    ]
    return ShopStructure(
        version=version,
        tree=tree,
        menu=tree.children.get(None, []),
        by_slug={c.slug: c for c in categories},
        store_names=store_names,
    )


def shop_structure(*, version: str | None) -> ShopStructure:
    """The structure of this version; without a version (no cache) straight from the database."""
    if version is None:
        return _build("")
    memo = getattr(_local, "structure", None)
    if memo is not None and memo.version == version:
        return memo
    key = f"structure:{SHAPE}:{version}"
    structure = cache.get(key)
    if structure is None:
        structure = _build(version)
        cache.set(key, structure, CACHE_TIMEOUT)
    _local.structure = structure
    return structure


def request_structure(request) -> ShopStructure:
    """The structure for this request, resolved once however many templates ask (menu, footer, filters)."""
    structure = getattr(request, "_shop_structure", None)
    if structure is None:
        if not hasattr(request, "versions"):
            request.versions = versions_get()
        versions = request.versions
        structure = shop_structure(version=versions[STRUCTURE] if versions else None)
        request._shop_structure = structure
    return structure
