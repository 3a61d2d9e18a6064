"""Storefront pages: home, category, search and product. Thin: the reads live in catalog and storefront selectors."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from catalog import selectors as catalog_selectors
from catalog.models import Product
from storefront import selectors

PAGE_SIZE = 24


class ListingForm(forms.Form):
    """Sort and stock filters of a product grid, sent by GET so they work without JavaScript."""

    sort = forms.ChoiceField(required=False, label="Sort by")
    store = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="In stock at")
    online = forms.BooleanField(required=False, label="Available online")

    def __init__(self, data, *, stores, sorts):
        super().__init__(data)
        self.fields["sort"].choices = [(key, label) for key, (label, _) in sorts.items()]
        self.fields["store"].choices = [("", "Any store")] + [(store.pk, store.name) for store in stores]


def _product_grid(request, *, category_ids=None, product_ids=None, q=None, default_sort="name") -> dict:
    """The shared part of category and search pages: filter form, sorted products, one page of them."""
    stores = selectors.store_locations()
    searching = q is not None or product_ids is not None
    sorts = catalog_selectors.SEARCH_SORTS if searching else catalog_selectors.SORTS
    data = request.GET
    home_store = selectors.home_store_for(request.user)
    if "store" not in data and home_store is not None and not searching:
        # A signed-in shopper sees their home store's stock first; "Any store" (store=) turns it off.
        data = data.copy()
        data["store"] = str(home_store.pk)
    form = ListingForm(data, stores=stores, sorts=sorts)
    form.is_valid()  # invalid values are simply ignored: a shop page never answers 400 to a bad filter
    data = form.cleaned_data
    store_id = data.get("store")
    products = selectors.products_for_listing(
        category_ids=category_ids,
        product_ids=product_ids,
        q=q,
        in_stock_at=store_id,
        available_online=bool(data.get("online")),
        sort=data.get("sort") or default_sort,
    )
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.products_with_stock_flags(page.object_list)
    return {
        "form": form,
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
        "products": page.object_list,
        "filtered": bool(store_id or data.get("online")),
        "store_filter": next((s for s in stores if s.pk == store_id), None),
    }


@require_safe
def home(request):
    return render(request, "catalog/home.html", {"products": selectors.products_newest(limit=8)})


@require_safe
def category_detail(request, slug):
    tree = catalog_selectors.category_tree()
    category = next((c for c in tree.by_id.values() if c.slug == slug), None)
    if category is None:
        raise Http404("No such category.")
    context = _product_grid(request, category_ids=tree.descendant_ids(category.pk))
    context.update(
        category=category,
        ancestors=tree.ancestors(category),
        subcategories=tree.children.get(category.pk, []),
    )
    return render(request, "catalog/category.html", context)


@require_safe
def search(request):
    q = request.GET.get("q", "").strip()[:200]
    context = {"q": q}
    if not q:
        return render(request, "catalog/search.html", context)
    variant = catalog_selectors.variant_by_code(code=q)
    if variant is not None and variant.is_active and variant.product.is_active:
        # A SKU or barcode as printed on the label: straight to that variant, as a till would.
        return redirect(f"{variant.product.get_absolute_url()}?{urlencode({'sku': variant.sku})}")
    context.update(_product_grid(request, q=q, default_sort="relevance"))
    if context["page"].paginator.count == 0:
        suggestion = catalog_selectors.search_suggestion(q=q)
        if suggestion:
            context.update(_product_grid(request, q=suggestion, default_sort="relevance"), suggestion=suggestion)
        if context["page"].paginator.count == 0:
            similar = catalog_selectors.product_ids_similar_to(q=suggestion or q)
            if similar:
                context.update(_product_grid(request, product_ids=similar, default_sort="relevance"), similar=True)
    return render(request, "catalog/search.html", context)


def _selected_variant(variants: list, request) -> object | None:
    """The variant asked for by SKU or barcode (any case), else the first one."""
    wanted = (request.GET.get("sku") or request.GET.get("variant") or "").strip().upper()
    if wanted:
        for variant in variants:
            if variant.sku.upper() == wanted or (variant.gtin and variant.gtin == wanted):
                return variant
    return variants[0] if variants else None


@require_safe
def product_detail(request, slug):
    try:
        product = catalog_selectors.product_for_page(slug=slug)
    except Product.DoesNotExist:
        raise Http404("No such product.")
    variants = list(product.variants.all())
    selected = _selected_variant(variants, request)
    availability = selectors.variants_availability(
        variant_ids=[v.pk for v in variants],
        pickup_for=selected.pk if selected else None,
        home_store=selectors.home_store_for(request.user),
    )
    return render(
        request,
        "catalog/product.html",
        {
            "product": product,
            "images": list(product.images.all()),
            "variants": variants,
            "selected_variant": selected,
            "availability": availability.get(selected.pk) if selected else None,
            "picked": request.GET.get("picked", ""),
            "option_groups": selectors.variant_option_groups(
                variants=variants, selected=selected, availability=availability
            )
            if selected
            else [],
            "related_products": selectors.products_with_stock_flags(product.related_active),
        },
    )
