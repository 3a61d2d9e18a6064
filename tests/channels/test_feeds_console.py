"""The staff console's Channel feeds page: each feed's address, item count and last fetch, and what a channel would
refuse; for staff who may read the catalog only, in their language."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductImage
from tests.channels.feeds_helpers import GOOGLE_LOCAL, feed_shop
from tests.factories import StaffFactory, UserFactory, VariantFactory

pytestmark = pytest.mark.django_db
PAGE = "/admin/channel-feeds/"


@pytest.fixture
def shop(db):
    return feed_shop()


@pytest.fixture
def clerk(client, shop):
    client.force_login(StaffFactory(role="clerk", location=shop["oslo"]))
    return client


def test_the_page_lists_each_feed_with_its_address_token_and_item_count(clerk, settings):
    settings.FEED_TOKEN = "tok en&1"

    response = clerk.get(PAGE)

    assert response.status_code == 200
    feeds = {feed.name: feed for feed in response.context["feeds"]}
    assert feeds["google-products"].url.endswith("/feeds/google/products.xml?token=tok+en%261")
    assert feeds["google-local"].url.endswith("/feeds/google/local-inventory.tsv?token=tok+en%261")
    assert feeds["meta-products"].url.endswith("/feeds/meta/products.csv?token=tok+en%261")
    # Two variants; three active stores.
    assert [feeds[name].items for name in ("google-products", "google-local", "meta-products")] == [2, 6, 2]
    assert "/feeds/meta/products.csv?token=tok+en%261" in response.content.decode()


def test_the_page_says_when_and_by_whom_a_feed_was_last_fetched(clerk, client):
    assert "Not fetched yet" in clerk.get(PAGE).content.decode()

    clerk.get(GOOGLE_LOCAL, HTTP_USER_AGENT="Google-Local-Inventory/1.0")
    clerk.get(GOOGLE_LOCAL, HTTP_USER_AGENT="Later-Bot/2.0")  # within the minute: not written again

    feeds = {feed.name: feed for feed in clerk.get(PAGE).context["feeds"]}
    assert feeds["google-local"].fetched_at is not None
    assert feeds["google-local"].agent == "Google-Local-Inventory/1.0"
    assert feeds["google-products"].fetched_at is None


def test_items_a_channel_would_refuse_are_listed_with_what_is_missing(clerk, shop):
    VariantFactory(sku="BARE-1", product__name="Bare scarf", product__description="  ")
    free = VariantFactory(sku="FREE-1", product__name="Free sticker", price=Decimal("0.00"))
    ProductImage.objects.create(product=free.product, url="https://images.example.com/s.jpg", alt_text="Sticker")
    VariantFactory(sku="OFF-1", is_active=False)  # not in the feeds: nothing to refuse

    response = clerk.get(PAGE)

    rejects = {item.sku: [str(reason) for reason in item.reasons] for item in response.context["rejects"]}
    assert rejects == {"BARE-1": ["no image", "no description"], "FREE-1": ["no price"]}
    assert response.context["rejects_total"] == 2
    assert "2 items have no image, no price or no description" in response.content.decode()


def test_the_front_page_links_to_the_feeds_for_staff_who_may_see_them(clerk):
    assert 'href="/admin/channel-feeds/"' in clerk.get("/admin/").content.decode()


def test_staff_without_the_catalog_cannot_open_it_and_shoppers_are_sent_to_log_in(client, shop):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(PAGE).status_code == 403
    assert 'href="/admin/channel-feeds/"' not in client.get("/admin/").content.decode()

    staff.user_permissions.add(Permission.objects.get(codename="view_product"))
    assert client.get(PAGE).status_code == 200

    client.force_login(UserFactory())
    response = client.get(PAGE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_page_speaks_norwegian(clerk):
    page = clerk.get(PAGE, HTTP_ACCEPT_LANGUAGE="nb").content.decode()

    assert "Kanalfeeder" in page and "Ikke hentet ennå" in page


def test_the_page_costs_the_same_queries_however_many_items_are_refused(clerk, django_assert_max_num_queries):
    VariantFactory()
    with CaptureQueriesContext(connection) as few:
        clerk.get(PAGE)
    for _ in range(15):
        VariantFactory()

    with django_assert_max_num_queries(len(few)):
        clerk.get(PAGE)
