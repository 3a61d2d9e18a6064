"""Product and category addresses: what reverse() gives, without a reverse() per card."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from catalog.models import url_with_slug
from tests.factories import CategoryFactory, ProductFactory


@pytest.mark.parametrize("slug", ["wool-scarf", "s-000001-fjord-jacket-00001", "a", "x_y", "2026"])
@pytest.mark.parametrize("viewname", ["storefront:product", "storefront:category"])
def test_an_address_by_slug_is_the_one_reverse_gives(viewname, slug):
    assert url_with_slug(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_addresses_follow_the_script_prefix_the_shop_is_served_under():
    try:
        set_script_prefix("/shop/")
        assert (
            url_with_slug("storefront:product", "boot")
            == "/shop/p/boot/"
            == reverse("storefront:product", args=["boot"])
        )
    finally:
        set_script_prefix("/")
    assert url_with_slug("storefront:product", "boot") == "/p/boot/"


@pytest.mark.parametrize("slug", ["", "with space", "æøå", "a/b"])
def test_a_slug_no_address_can_hold_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        url_with_slug("storefront:product", slug)


@pytest.mark.django_db
def test_products_and_categories_link_to_their_pages():
    category = CategoryFactory(slug="hats")
    product = ProductFactory(slug="wool-hat", category=category)

    assert (category.get_absolute_url(), product.get_absolute_url()) == ("/c/hats/", "/p/wool-hat/")
