"""Storefront pages: home, category, search and product. Thin: the reads live in catalog and storefront selectors."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
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


def _product_grid(request, *, category_ids=None, q=None, default_sort="name") -> dict:
    """The shared part of category and search pages: filter form, sorted products, one page of them."""
    stores = selectors.store_locations()
    sorts = catalog_selectors.SEARCH_SORTS if q is not None else catalog_selectors.SORTS
    form = ListingForm(request.GET, stores=stores, sorts=sorts)
    form.is_valid()  # invalid values are simply ignored: a shop page never answers 400 to a bad filter
    data = form.cleaned_data
    store_id = data.get("store")
    products = selectors.products_for_listing(
        category_ids=category_ids,
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
    if q:
        context.update(_product_grid(request, q=q, default_sort="relevance"))
    return render(request, "catalog/search.html", context)


@require_safe
def product_detail(request, slug):
    try:
        product = catalog_selectors.product_for_page(slug=slug)
    except Product.DoesNotExist:
        raise Http404("No such product.")
    variants = list(product.variants.all())
    wanted = request.GET.get("variant", "")
    selected = next((v for v in variants if v.sku == wanted), variants[0] if variants else None)
    availability = selectors.variants_availability(
        variant_ids=[v.pk for v in variants], pickup_for=selected.pk if selected else None
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
            "option_groups": selectors.variant_option_groups(
                variants=variants, selected=selected, availability=availability
            )
            if selected
            else [],
            "related_products": selectors.products_with_stock_flags(product.related_active),
        },
    )
