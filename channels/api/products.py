"""Read-only catalog API with availability, for the POS, the app and marketplaces; thin over the selectors."""

import gzip
import json

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from catalog.models import Category, Product, Variant
from channels import selectors
from channels.api.product_filters import CategoryFilter, ProductFilter
from channels.api.product_serializers import CategorySerializer, ProductDetailSerializer, ProductListSerializer
from core.api_filters import StrictFilterBackend
from core.pagecache import (
    PAGE_TIMEOUT,
    SharedAnswer,
    cache_key,
    etag_for,
    from_entry,
    not_modified,
    page_entry,
    page_store,
)
from core.versions import ALL, versions_get
from inventory.selectors import availability_by_variant


class ProductOrdering(OrderingFilter):
    """`?ordering=name|-min_price|-created_at`; a search without one is ordered by relevance."""

    def get_default_ordering(self, view):
        if view.request.query_params.get("q", "").strip():
            return ["-rank", "name", "pk"]
        return super().get_default_ordering(view)


@extend_schema_view(
    list=extend_schema(
        tags=["catalog"], summary="List products", description="Active products with price range and stock flags."
    ),
    retrieve=extend_schema(
        tags=["catalog"],
        summary="One product",
        description="With its variants and their availability at every location.",
    ),
)
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    filter_backends = [StrictFilterBackend, ProductOrdering]
    filterset_class = ProductFilter
    ordering_fields = ["name", "min_price", "created_at"]
    ordering = ["name", "pk"]
    queryset = Product.objects.none()  # for the schema; get_queryset builds the real one

    def _staff(self) -> bool:
        return bool(self.request.user and self.request.user.is_staff)

    def get_queryset(self):
        products = selectors.products_for_listing(include_inactive=self._staff(), sellable_only=False)
        if self.action == "retrieve":
            variants = Variant.objects.filter(is_active=True).order_by("position", "sku")
            related = Product.objects.filter(is_active=True).only("pk")
            products = products.prefetch_related(
                Prefetch("variants", queryset=variants), Prefetch("related", queryset=related, to_attr="related_active")
            )
        return products

    def filter_queryset(self, queryset):
        # Filters shape lists; a detail URL names one product (inactive ones stay visible to staff only).
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    def dispatch(self, request, *args, **kwargs):
        """A visitor's page of the list that is kept already is answered before DRF's work per request (its
        Request, authentication, permissions, negotiation): without credentials and asking for JSON, DRF would
        answer the same. Everyone else, and a page not kept, goes the whole way."""
        if self.action_map.get(request.method.lower()) == "list" and _plain_visitor(request):
            kept = self._kept_list(request)
            if kept is not None:
                return kept
        return super().dispatch(request, *args, **kwargs)

    def _kept_list(self, request):
        versions = versions_get()
        if versions is None:
            return None
        key = cache_key("api-products-json", request.build_absolute_uri(), False, *versions.values())
        etag = etag_for(key)
        if not_modified(request, etag):
            response = HttpResponseNotModified()
        else:
            entry = page_entry(key)
            if entry is None:
                return None
            response = from_entry(request, entry)
            request.shared_answer = SharedAnswer(  # sent again before the stack while current (config.public)
                names=ALL,
                versions=versions,
                entry=entry,
                etag=etag,
                lifetime=PAGE_TIMEOUT,
                cache_control="no-cache",
                accepts=("", "*/*", JSON),
            )
        headers = self.default_response_headers  # what DRF's finalize_response adds: Allow, Vary: Accept
        response["Allow"] = headers["Allow"]
        if "Vary" in headers:
            patch_vary_headers(response, [headers["Vary"]])
        return _validators(response, etag=etag, staff=False)

    def list(self, request, *args, **kwargs):
        """A page of the list, cached under the versions of all it shows — content and prices, the stock flags
        (in stock, online), categories — so the next request after a committed change reads it anew. Staff, who
        also see inactive products, have entries of their own. (The detail shows exact stock: not cached.)

        Kept as the JSON itself, plain and gzip, also in this process (core.pagecache.page_entry): a request
        costs the one read of the versions. The key is the ETag, so a client that holds the page gets a 304;
        `no-cache` makes every cache ask again, so a held page is never older than the versions."""
        versions = versions_get()
        if versions is None:
            return super().list(request, *args, **kwargs)
        staff = self._staff()
        key = cache_key("api-products-json", request.build_absolute_uri(), staff, *versions.values())
        etag = etag_for(key)
        if not_modified(request, etag):
            return _validators(HttpResponseNotModified(), etag=etag, staff=staff)
        entry = page_entry(key)
        if entry is None:
            # A bad filter raises before anything is kept; only a page of results is.
            plain = JSONRenderer().render(super().list(request, *args, **kwargs).data)
            entry = {"plain": plain, "gzip": gzip.compress(plain, compresslevel=6, mtime=0), "content_type": JSON}
            page_store(key, entry)
        if request.accepted_media_type != JSON:  # the browsable API, or JSON asked for indented
            return _validators(Response(json.loads(entry["plain"])), etag=etag, staff=staff)
        return _validators(from_entry(request, entry), etag=etag, staff=staff)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.products_with_stock_flags(page)

    def get_object(self):
        return selectors.products_with_stock_flags([super().get_object()])[0]

    def get_serializer_class(self):
        return ProductDetailSerializer if self.action == "retrieve" else ProductListSerializer

    def retrieve(self, request, *args, **kwargs):
        product = self.get_object()
        availability = availability_by_variant(variant_ids=[v.pk for v in product.variants.all()])
        serializer = self.get_serializer(
            product, context={**self.get_serializer_context(), "availability": availability}
        )
        return Response(serializer.data)


JSON = "application/json"


def _plain_visitor(request) -> bool:
    """A GET without credentials that DRF would answer with compact JSON. The API's authentications read an
    Authorization header (API keys) or the session; DRF's forced authentication (its test client) counts too."""
    return (
        request.method == "GET"
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(request, "_force_auth_user", None) is None
        and getattr(request, "_force_auth_token", None) is None
        and request.META.get("HTTP_ACCEPT", "") in ("", "*/*", JSON)
    )


def _validators(response, *, etag: str, staff: bool):
    response["ETag"] = f"W/{etag}"
    response["Cache-Control"] = "private, no-cache" if staff else "no-cache"
    return response


@extend_schema_view(
    list=extend_schema(tags=["catalog"], summary="List categories"),
    retrieve=extend_schema(tags=["catalog"], summary="One category"),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = CategorySerializer
    filter_backends = [StrictFilterBackend]
    filterset_class = CategoryFilter
    queryset = Category.objects.filter(is_active=True).order_by("position", "name", "pk")
