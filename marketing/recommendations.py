"""What to show one customer: what goes with their purchases, what others bought with them, and their wishlist.

A selector, no external service: a small constant number of queries per customer, whatever the data size.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q

from catalog.models import Product, ProductImage, Variant
from customers.models import Customer, WishlistItem
from inventory.selectors import stock_levels_with_stock
from marketing.models import BoughtTogether
from orders.models import Order, OrderLine
from orders.selectors import UNSOLD_STATUSES


@dataclass(frozen=True)
class Recommendation:
    """One item to show, and why it is there."""

    variant: Variant
    reason: str  # "goes_with", "bought_together" or "wishlist"

    @property
    def product(self) -> Product:
        return self.variant.product

    @property
    def image(self) -> ProductImage | None:
        images = list(self.variant.product.images.all())
        return images[0] if images else None


def available_variants_q(*, home_store_id: int | None) -> Q:
    """Variants that can be sold to the customer: online anywhere, or on the shelf of their home store."""
    online = Exists(stock_levels_with_stock(online=True).filter(variant_id=OuterRef("pk")))
    if home_store_id is None:
        return Q(online)
    in_store = Exists(stock_levels_with_stock(location_id=home_store_id).filter(variant_id=OuterRef("pk")))
    return Q(online) | Q(in_store)


def bought_product_ids(*, customer: Customer) -> set[int]:
    """Products the customer bought on any channel (orders that became a sale); one query."""
    return set(
        OrderLine.objects.filter(order__customer=customer, variant__isnull=False)
        .exclude(order__status__in=UNSOLD_STATUSES)
        .values_list("variant__product_id", flat=True)
        .distinct()
    )


def recommendations_for_customer(
    *,
    customer: Customer,
    limit: int = 6,
    seed_product_ids: Iterable[int] | None = None,
    include_wishlist: bool = True,
) -> list[Recommendation]:
    """Items for one customer, best first: goes-with, then bought together, then the wishlist.

    `seed_product_ids` narrows what the picks relate to (e.g. one order); by default everything the customer
    bought. Never a product they already bought; only what is available online or in their home store.
    """
    bought = bought_product_ids(customer=customer)
    seeds = set(seed_product_ids) if seed_product_ids is not None else bought
    ranked = _related_products(seeds=seeds, bought=bought, limit=limit)
    wished = _wished_variant_ids(customer=customer, bought=bought, limit=limit) if include_wishlist else []

    available = available_variants_q(home_store_id=customer.home_store_id)
    images = Prefetch("product__images", queryset=ProductImage.objects.order_by("position", "pk"))
    variants = Variant.objects.filter(is_active=True, product__is_active=True).select_related("product")
    # The first sellable variant of each related product, in one query (DISTINCT ON product).
    first_of_product = {
        v.product_id: v
        for v in variants.filter(product_id__in=list(ranked)[: limit * 10])
        .filter(available)
        .order_by("product_id", "position", "pk")
        .distinct("product_id")
        .prefetch_related(images)
    }
    wished_variants = {v.pk: v for v in variants.filter(pk__in=wished).filter(available).prefetch_related(images)}

    picks = [
        Recommendation(variant=first_of_product[product_id], reason=reason)
        for product_id, reason in ranked.items()
        if product_id in first_of_product
    ]
    seen = {pick.variant.product_id for pick in picks}
    for variant_id in wished:
        variant = wished_variants.get(variant_id)
        if variant is not None and variant.product_id not in seen:
            picks.append(Recommendation(variant=variant, reason="wishlist"))
            seen.add(variant.product_id)
    return picks[:limit]


def _related_products(*, seeds: set[int], bought: set[int], limit: int) -> dict[int, str]:
    """Products that go with the seeds, then those bought together with them, as product id → reason in rank
    order; never one already bought. Two queries, none without seeds."""
    ranked: dict[int, str] = {}
    if seeds:
        goes_with = Product.related.through.objects.filter(from_product_id__in=seeds, to_product__is_active=True)
        for product_id in goes_with.order_by("to_product_id").values_list("to_product_id", flat=True):
            ranked.setdefault(product_id, "goes_with")
        together = BoughtTogether.objects.filter(product_id__in=seeds).order_by("-orders", "other_id")
        for product_id in together.values_list("other_id", flat=True)[: limit * 10]:
            ranked.setdefault(product_id, "bought_together")
    return {product_id: reason for product_id, reason in ranked.items() if product_id not in bought}


def _wished_variant_ids(*, customer: Customer, bought: set[int], limit: int) -> list[int]:
    """The customer's latest wishes of products they have not bought; one query."""
    return list(
        WishlistItem.objects.filter(customer=customer)
        .exclude(variant__product_id__in=bought)
        .order_by("-added_at", "-pk")
        .values_list("variant_id", flat=True)[: limit * 2]
    )


def order_product_ids(*, order: Order) -> set[int]:
    """The products of one order, to find what goes with them; one query."""
    return set(order.lines.filter(variant__isnull=False).values_list("variant__product_id", flat=True).distinct())
