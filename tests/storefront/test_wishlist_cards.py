"""The wishlist from a category page: save a one-size product straight from its card."""

from customers.models import WishlistItem
from tests.customers.factories import shopper
from tests.factories import CategoryFactory, ProductFactory, VariantFactory


def _category_with_products():
    category = CategoryFactory(slug="mugs")
    single = VariantFactory(product=ProductFactory(name="Enamel mug", category=category), options={})
    sized = ProductFactory(name="Wool socks", category=category)
    VariantFactory(product=sized, options={"size": "S"})
    VariantFactory(product=sized, options={"size": "L"})
    return single, sized


def test_shopper_saves_single_variant_product_from_category_page(client, db):
    single, _ = _category_with_products()
    user, customer = shopper("kari@example.com")
    client.force_login(user)

    page = client.get("/c/mugs/").content.decode()
    assert 'action="/account/wishlist/add/"' in page
    response = client.post("/account/wishlist/add/", {"variant": single.pk, "next": "/c/mugs/"})

    assert response.status_code == 302 and response["Location"] == "/c/mugs/"
    assert list(WishlistItem.objects.filter(customer=customer).values_list("variant", flat=True)) == [single.pk]
    assert 'Saved<span class="visually-hidden"> on your wishlist' in client.get("/c/mugs/").content.decode()


def test_product_with_sizes_asks_to_choose_before_saving(client, db):
    _, sized = _category_with_products()
    user, _ = shopper("kari@example.com")
    client.force_login(user)

    page = client.get("/c/mugs/").content.decode()

    assert f'href="{sized.get_absolute_url()}#wishlist"' in page
    assert 'Choose options<span class="visually-hidden"> of Wool socks to save it to your wishlist' in page


def test_anonymous_shopper_is_sent_to_log_in_from_the_card(client, db):
    single, _ = _category_with_products()

    page = client.get("/c/mugs/").content.decode()
    response = client.post("/account/wishlist/add/", {"variant": single.pk, "next": "/c/mugs/"})

    assert '<span aria-hidden="true">♡</span> Save<span class="visually-hidden"> — log in to save' in page
    assert f'name="variant" value="{single.pk}"' in page
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/c/mugs/"
