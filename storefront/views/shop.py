"""Storefront pages: home, category, search and product. Thin: the reads live in catalog and storefront selectors."""

import time

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from catalog import selectors as catalog_selectors
from catalog.models import Product
from catalog.options import variant_option_groups
from channels.selectors import products_for_listing, products_with_stock_flags
from core.pagecache import FRAGMENT_TIMEOUT, SEARCH_TIMEOUT, cache_key, fragment, minute_bucket
from core.versions import ALL
from inventory.selectors import StockState
from pickup.availability import variants_availability
from storefront import selectors
from storefront.pagecache import request_home_store, shop_page
from storefront.structure import request_structure

PAGE_SIZE = 24


class ListingForm(forms.Form):
    """Sort and stock filters of a product grid, sent by GET so they work without JavaScript."""

    sort = forms.ChoiceField(required=False, label=_("Sort by"))
    store = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("In stock at"))
    online = forms.BooleanField(required=False, label=_("Available online"))

    def __init__(self, data, *, stores, sorts):
        super().__init__(data)
        self.fields["sort"].choices = [(key, label) for key, (label, _ordering) in sorts.items()]
        self.fields["store"].choices = [("", _("Any store"))] + [(store.pk, store.name) for store in stores]

    # The template writes the selects out itself: Django's widget templates cost a millisecond per grid drawn.
    @property
    def sort_options(self) -> list[tuple[str, str, bool]]:
        return self._options("sort")

    @property
    def store_options(self) -> list[tuple[str, str, bool]]:
        return self._options("store")

    def _options(self, name: str) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of each choice, selected as the widget would mark it: by the submitted value."""
        current = self[name].value()
        current = "" if current is None else str(current)
        return [(str(value), label, str(value) == current) for value, label in self.fields[name].choices]


def _product_grid(request, *, category_ids=None, product_ids=None, q=None, default_sort="name") -> dict:
    """The shared part of category and search pages: filter form, sorted products, one page of them."""
    stores = request_structure(request).store_names
    searching = q is not None or product_ids is not None
    sorts = catalog_selectors.SEARCH_SORTS if searching else catalog_selectors.SORTS
    data = request.GET
    home_store = request_home_store(request)
    if "store" not in data and home_store is not None and not searching:
        # A signed-in shopper sees their home store's stock first; "Any store" (store=) turns it off.
        data = data.copy()
        data["store"] = str(home_store.pk)
    form = ListingForm(data, stores=stores, sorts=sorts)
    form.is_valid()  # invalid values are simply ignored: a shop page never answers 400 to a bad filter
    data = form.cleaned_data
    store_id = data.get("store")
    products = products_for_listing(
        category_ids=category_ids,
        product_ids=product_ids,
        q=q,
        in_stock_at=store_id,
        available_online=bool(data.get("online")),
        sort=data.get("sort") or default_sort,
    )
    page = Paginator(selectors.for_cards(products), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = products_with_stock_flags(page.object_list)
    return {
        "form": form,
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
        "products": page.object_list,
        "filtered": bool(store_id or data.get("online")),
        "store_filter": next((s for s in stores if s.pk == store_id), None),
    }


def _cached(request, *parts, build, timeout: int = FRAGMENT_TIMEOUT):
    """`build()` cached under the versions of what pages show and `parts`; built each time without a cache."""
    versions = getattr(request, "versions", None)
    if versions is None:
        return build()
    return fragment(cache_key(*parts, *(versions[name] for name in ALL)), build, timeout=timeout)


@require_safe
@shop_page()
def home(request):
    structure = request_structure(request)

    def build():
        context = {"products": selectors.products_newest(limit=8), "menu_categories": structure.menu}
        return render_to_string("storefront/_home_body.html", context, request=request)

    return render(request, "storefront/home.html", {"body": mark_safe(_cached(request, "home", build=build))})  # noqa: S308


@require_safe
@shop_page()
def category_detail(request, slug):
    structure = request_structure(request)
    category = structure.category(slug)
    if category is None:
        raise Http404("No such category.")
    home_store = request_home_store(request)

    def build():
        context = _product_grid(request, category_ids=structure.tree.descendant_ids(category.pk))
        context["category"] = category
        return {
            "html": render_to_string("storefront/_category_grid.html", context, request=request),
            "page_number": context["page"].number,
        }

    # The grid depends on the page, sort and filters (all in the path) and, for a shopper, their home store.
    grid = _cached(request, "category", category.pk, request.get_full_path(), home_store and home_store.pk, build=build)
    context = {
        "category": category,
        "ancestors": structure.tree.ancestors(category),
        "subcategories": structure.tree.children.get(category.pk, []),
        "grid": mark_safe(grid["html"]),  # noqa: S308 — rendered by our template
        "page_number": grid["page_number"],
    }
    return render(request, "storefront/category.html", context)


@require_safe
@shop_page(parameters=frozenset({"q"}), searches=True)
def search(request):
    q = request.GET.get("q", "").strip()[:200]
    if not q:
        return render(request, "storefront/search.html", {"q": q})

    def build():
        variant = catalog_selectors.variant_by_code(code=q)
        if variant is not None and variant.is_active and variant.product.is_active:
            # A SKU or barcode as printed on the label: straight to that variant, as a till would.
            return {"redirect": f"{variant.product.get_absolute_url()}?{urlencode({'sku': variant.sku})}"}
        context = {"q": q, **_product_grid(request, q=q, default_sort="relevance")}
        if context["page"].paginator.count == 0:
            suggestion = catalog_selectors.search_suggestion(q=q)
            if suggestion:
                context.update(_product_grid(request, q=suggestion, default_sort="relevance"), suggestion=suggestion)
            if context["page"].paginator.count == 0:
                similar = catalog_selectors.product_ids_similar_to(q=suggestion or q)
                if similar:
                    context.update(_product_grid(request, product_ids=similar, default_sort="relevance"), similar=True)
        return {"html": render_to_string("storefront/_search_results.html", context, request=request)}

    # Results depend on the words, filters, sort and page (all in the path), not on who asks.
    found = _cached(request, "search", request.get_full_path(), build=build, timeout=SEARCH_TIMEOUT)
    if "redirect" in found:
        return redirect(found["redirect"])
    return render(request, "storefront/search.html", {"q": q, "results": mark_safe(found["html"])})  # noqa: S308


def _selected_variant(variants: list, request) -> object | None:
    """The variant asked for by SKU or barcode (any case), else the first one."""
    wanted = (request.GET.get("sku") or request.GET.get("variant") or "").strip().upper()
    if wanted:
        for variant in variants:
            if variant.sku.upper() == wanted or (variant.gtin and variant.gtin == wanted):
                return variant
    return variants[0] if variants else None


def _seconds_to_next_minute(request) -> int:
    return max(1, int(minute_bucket() * 60 - time.time()))


@require_safe
@shop_page(key_extra=lambda request: minute_bucket(), max_age=_seconds_to_next_minute)
def product_detail(request, slug):
    structure = request_structure(request)
    home_store = request_home_store(request)

    def build():
        try:
            product = catalog_selectors.product_for_page(slug=slug)
        except Product.DoesNotExist:
            return {"missing": True}
        variants = list(product.variants.all())
        selected = _selected_variant(variants, request)
        availability = variants_availability(
            variant_ids=[v.pk for v in variants],
            pickup_for=selected.pk if selected else None,
            home_store=home_store,
            stores=structure.stores,
        )
        context = {
            "product": product,
            "images": list(product.images.all()),
            "variants": variants,
            "selected_variant": selected,
            "availability": availability.get(selected.pk) if selected else None,
            "picked": request.GET.get("picked", ""),
            "option_groups": variant_option_groups(
                variants=variants,
                selected=selected,
                in_stock={pk for pk, stock in availability.items() if stock.badge.state != StockState.OUT},
            )
            if selected
            else [],
            "related_products": products_with_stock_flags(product.related_active),
        }
        title = product.name + (f" ({selected.label})" if selected and selected.options else "")
        description = Truncator(strip_tags(product.description)).words(25) or product.name
        body = render_to_string("storefront/_product_body.html", context, request=request)
        return {"body": body, "title": title, "description": description}

    # Pickup promises ("ready today from 15:15") move with the clock: the body is kept for the minute it is true in.
    page = _cached(
        request, "product", slug, request.get_full_path(), home_store and home_store.pk, minute_bucket(), build=build
    )
    if page.get("missing"):
        raise Http404("No such product.")
    context = {"body": mark_safe(page["body"]), "page_title": page["title"], "page_description": page["description"]}  # noqa: S308
    return render(request, "storefront/product.html", context)
