"""Wishlist on the storefront: buttons without JavaScript, the wishlist page, and one-click links from emails."""

import re
import time

import pytest
from django.urls import reverse

from customers.exceptions import NoLongerSold
from customers.models import WishlistItem
from customers.services import wishlist_add
from marketing.tokens import wishlist_email_link, wishlist_token_make
from tests.customers.factories import shopper
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    ProductFactory,
    StockLevelFactory,
    VariantFactory,
    WishlistItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(client):
    user, customer = shopper("kari@example.com")
    client.force_login(user)
    return customer


def product_url(variant):
    return reverse("storefront:product", kwargs={"slug": variant.product.slug}) + f"?variant={variant.sku}"


def test_add_from_the_product_page_comes_back_to_it_and_shows_on_your_wishlist(client, kari, variant):
    back = product_url(variant)
    page = client.get(back)
    assert "Add to wishlist" in page.content.decode()

    response = client.post(reverse("storefront:wishlist_add"), {"variant": variant.pk, "next": back})

    assert response.status_code == 302 and response.url == back
    assert WishlistItem.objects.filter(customer=kari, variant=variant, source="web").exists()
    assert "On your wishlist" in client.get(back).content.decode()


def test_remove_from_the_product_page(client, kari, variant):
    WishlistItemFactory(customer=kari, variant=variant)
    back = product_url(variant)
    response = client.post(reverse("storefront:wishlist_remove"), {"variant": variant.pk, "next": back})
    assert response.url == back
    assert not WishlistItem.objects.filter(customer=kari).exists()
    assert "Add to wishlist" in client.get(back).content.decode()


def test_anonymous_shopper_is_sent_to_log_in_and_back_to_the_same_product(client, variant):
    back = product_url(variant)
    page = client.get(back).content.decode()
    login = reverse("account_login")
    assert f'href="{login}?next=' in page

    response = client.post(reverse("storefront:wishlist_add"), {"variant": variant.pk, "next": back})
    assert response.status_code == 302
    assert response.url.startswith(login)
    assert "next=" in response.url and variant.product.slug in response.url
    assert not WishlistItem.objects.exists()


def test_the_item_chosen_before_logging_in_is_saved_by_the_login(client, variant):
    user, customer = shopper("ola@example.com")
    back = product_url(variant)

    to_login = client.post(reverse("storefront:wishlist_add"), {"variant": variant.pk, "next": back})
    login_page = client.get(to_login.url)
    logged_in = client.post(to_login.url, {"login": "ola@example.com", "password": "correct-horse-battery"})

    assert login_page.status_code == 200
    assert logged_in.status_code == 302 and logged_in.url == back
    assert list(WishlistItem.objects.filter(customer=customer).values_list("variant", flat=True)) == [variant.pk]
    assert "On your wishlist" in client.get(back).content.decode()
    client.logout()
    client.force_login(user)  # a later login saves nothing again
    assert WishlistItem.objects.filter(customer=customer).count() == 1


def test_a_login_without_a_chosen_item_saves_nothing(client, variant):
    _, customer = shopper("ola@example.com")

    client.post(reverse("account_login"), {"login": "ola@example.com", "password": "correct-horse-battery"})

    assert not WishlistItem.objects.filter(customer=customer).exists()


def test_next_pointing_elsewhere_is_ignored(client, kari, variant):
    response = client.post(reverse("storefront:wishlist_add"), {"variant": variant.pk, "next": "https://evil.example/"})
    assert response.url == reverse("storefront:wishlist")


def test_adding_twice_keeps_one_row(client, kari, variant):
    for _ in range(2):
        client.post(reverse("storefront:wishlist_add"), {"variant": variant.pk})
    assert WishlistItem.objects.filter(customer=kari).count() == 1


def test_wishlist_page_shows_price_and_stock_per_store(client, kari):
    oslo, bergen = LocationFactory(name="Oslo"), LocationFactory(name="Bergen")
    variant = VariantFactory(product=ProductFactory(name="Wool Blanket"))
    trondheim = LocationFactory(name="Trondheim")
    StockLevelFactory(location=oslo, variant=variant, on_hand=3)
    StockLevelFactory(location=bergen, variant=variant, on_hand=0)
    StockLevelFactory(location=trondheim, variant=variant, on_hand=12)
    WishlistItemFactory(customer=kari, variant=variant)
    page = client.get(reverse("storefront:wishlist")).content.decode()
    assert "Wool Blanket" in page
    assert str(variant.price) in page
    # As on the product page: a few left is worth a number, plenty is simply in stock.
    assert re.search(r"Oslo</th>\s*<td><span class=\"badge badge--low\">Only 3 left</span>", page)
    assert re.search(r"Bergen</th>\s*<td><span class=\"badge badge--out\">Out of stock</span>", page)
    assert re.search(r"Trondheim</th>\s*<td><span class=\"badge badge--in\">In stock</span>", page)


def _fill_wishlist(customer, count):
    stores = [LocationFactory() for _ in range(3)]
    for _ in range(count):
        variant = VariantFactory()
        WishlistItemFactory(customer=customer, variant=variant)
        for store in stores:
            StockLevelFactory(location=store, variant=variant, on_hand=2)


def test_wishlist_page_queries_do_not_grow_with_the_list(client, kari, django_assert_max_num_queries):
    _fill_wishlist(kari, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("storefront:wishlist"))
    _fill_wishlist(kari, 38)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("storefront:wishlist"))
    assert page.content.decode().count('class="wishlist-item"') == 40


# One-click links from emails


def test_email_link_adds_once_however_often_it_is_opened(client, variant):
    customer = CustomerFactory()
    link = wishlist_email_link(customer, variant)
    assert link.startswith("/account/wishlist/email/")
    opened = client.get(link)
    assert opened.status_code == 200 and 'method="post"' in opened.content.decode()
    assert not WishlistItem.objects.exists()  # a GET (a mail scanner) writes nothing
    first = client.post(link)
    second = client.post(link)
    assert first.status_code == second.status_code == 200
    assert "Added to your wishlist" in first.content.decode()
    assert reverse("storefront:wishlist") in first.content.decode()
    items = WishlistItem.objects.filter(customer=customer, variant=variant)
    assert items.count() == 1
    assert items.get().source == WishlistItem.Source.EMAIL


def test_email_link_can_be_a_full_url():
    customer, variant = CustomerFactory(), VariantFactory()
    assert wishlist_email_link(customer, variant, base_url="https://shop.example/").startswith(
        "https://shop.example/account/wishlist/email/"
    )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: wishlist_token_make(customer_id=1, variant_id=2).split(":")[0] + token[token.index(":") :],
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_tampered_link_shows_a_clear_400_page_and_adds_nothing(client, variant, tamper):
    customer = CustomerFactory()
    token = wishlist_token_make(customer_id=customer.pk, variant_id=variant.pk)
    for method in (client.get, client.post):
        response = method(reverse("storefront:wishlist_email", kwargs={"token": tamper(token)}))
        assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not WishlistItem.objects.exists()


def test_expired_link_shows_a_clear_page_offering_the_product_and_adds_nothing(client, variant):
    customer = CustomerFactory()
    issued = time.time() - 31 * 24 * 3600
    token = wishlist_token_make(customer_id=customer.pk, variant_id=variant.pk, issued_at=issued)
    response = client.post(reverse("storefront:wishlist_email", kwargs={"token": token}))
    assert response.status_code == 410
    body = response.content.decode()
    assert "This link has expired" in body
    assert variant.product.get_absolute_url() in body
    assert not WishlistItem.objects.exists()


def test_link_just_inside_its_lifetime_still_works(client, variant, settings):
    from datetime import timedelta

    settings.WISHLIST_LINK_MAX_AGE = timedelta(days=30)
    customer = CustomerFactory()
    token = wishlist_token_make(customer_id=customer.pk, variant_id=variant.pk, issued_at=time.time() - 29 * 86400)
    assert client.post(reverse("storefront:wishlist_email", kwargs={"token": token})).status_code == 200
    assert WishlistItem.objects.filter(customer=customer).count() == 1


# Items no longer sold, and adding twice


def test_wishlist_add_says_whether_it_added(variant):
    customer = CustomerFactory()

    first = wishlist_add(customer=customer, variant=variant)
    again = wishlist_add(customer=customer, variant=variant)

    assert (first[1], again[1]) == (True, False)
    assert first[0] == again[0]
    assert customer.timeline.filter(kind="wishlist_added").count() == 1


@pytest.mark.parametrize("retired", ["variant", "product"])
def test_wishlist_add_refuses_what_is_no_longer_sold(retired):
    customer = CustomerFactory()
    variant = VariantFactory(sku="OLD-1", product__name="Old boot", is_active=retired != "variant")
    variant.product.is_active = retired != "product"

    with pytest.raises(NoLongerSold, match=r"Old boot.* \(OLD-1\) is no longer sold"):
        wishlist_add(customer=customer, variant=variant)
    assert not WishlistItem.objects.exists() and not customer.timeline.exists()


def test_the_button_on_an_item_no_longer_sold_says_so_and_adds_nothing(client, kari):
    old = VariantFactory(product=ProductFactory(name="Old boot", is_active=False))

    response = client.post(reverse("storefront:wishlist_add"), {"variant": old.pk}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("storefront:wishlist")
    assert "Old boot" in response.content.decode() and "is no longer sold" in response.content.decode()
    assert not WishlistItem.objects.exists()


def test_the_button_pressed_twice_says_the_item_was_already_there(client, kari, variant):
    client.post(reverse("storefront:wishlist_add"), {"variant": variant.pk})
    again = client.post(reverse("storefront:wishlist_add"), {"variant": variant.pk}, follow=True)

    assert "was already on your wishlist" in again.content.decode()
    assert WishlistItem.objects.filter(customer=kari).count() == 1


def test_an_item_chosen_before_logging_in_and_retired_meanwhile_is_not_saved(client, variant):
    _, customer = shopper("ola@example.com")
    to_login = client.post(reverse("storefront:wishlist_add"), {"variant": variant.pk})
    variant.is_active = False
    variant.save(update_fields=["is_active"])

    logged_in = client.post(
        to_login.url, {"login": "ola@example.com", "password": "correct-horse-battery"}, follow=True
    )

    assert "is no longer sold" in logged_in.content.decode()
    assert not WishlistItem.objects.filter(customer=customer).exists()


def test_email_link_to_an_item_no_longer_sold_says_so_and_adds_nothing(client):
    customer = CustomerFactory()
    old = VariantFactory(product=ProductFactory(name="Old boot"), is_active=False)

    response = client.post(wishlist_email_link(customer, old))

    assert response.status_code == 410
    body = response.content.decode()
    assert "This item is no longer sold" in body and "Old boot" in body and "Nothing was added" in body
    assert not WishlistItem.objects.exists()
