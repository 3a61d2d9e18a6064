"""Serving the feeds: the token, ETag and 304, gzip, the cache that a change moves on, and queries that do not grow
with the catalog."""

import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.channels.feeds_helpers import FEEDS, GOOGLE_LOCAL, GOOGLE_PRODUCTS, body_of, feed_shop, fetch, google_items
from tests.factories import LocationFactory, StockLevelFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    return feed_shop()


@pytest.mark.parametrize("url", FEEDS)
def test_with_a_feed_token_set_a_fetch_without_it_is_refused(client, shop, settings, url):
    settings.FEED_TOKEN = "s3cret-token"

    assert client.get(url).status_code == 403
    assert client.get(url, {"token": "s3cret-tokeN"}).status_code == 403
    response = client.get(url, {"token": "s3cret-token"})
    assert response.status_code == 200 and body_of(response)


def test_without_a_feed_token_the_feeds_are_public(client, shop):
    assert [client.get(url).status_code for url in FEEDS] == [200, 200, 200]


@pytest.mark.parametrize("url", FEEDS)
def test_a_channel_holding_the_current_feed_gets_304(client, shop, url):
    first = client.get(url)
    body_of(first)

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"].startswith('W/"') and first["Last-Modified"]
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200


def test_a_new_product_moves_the_etag_and_is_in_the_next_fetch(client, shop, django_capture_on_commit_callbacks):
    first = client.get(GOOGLE_PRODUCTS)
    body_of(first)

    with django_capture_on_commit_callbacks(execute=True):
        VariantFactory(sku="NEW-2")

    again = client.get(GOOGLE_PRODUCTS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert "NEW-2" in google_items(client)


@pytest.mark.parametrize("url", FEEDS)
def test_gzip_when_asked_the_same_feed_built_or_from_the_cache(client, shop, url):
    _, plain = fetch(client, url)  # built and kept
    cache.clear()
    built = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    built_body = b"".join(built.streaming_content)
    cached = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    cached_plain = client.get(url)

    assert built["Content-Encoding"] == cached["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in built["Vary"]
    assert gzip.decompress(built_body).decode() == gzip.decompress(cached.content).decode() == plain
    assert not cached_plain.has_header("Content-Encoding") and body_of(cached_plain).decode() == plain


def test_a_feed_built_once_is_served_from_the_cache_without_reading_the_catalog(client, shop):
    body_of(client.get(GOOGLE_PRODUCTS))

    with CaptureQueriesContext(connection) as queries:
        body_of(client.get(GOOGLE_PRODUCTS))

    assert len(queries) == 0


def test_head_answers_the_headers_without_building(client, shop):
    with CaptureQueriesContext(connection) as queries:
        response = client.head(GOOGLE_LOCAL)

    assert response.status_code == 200 and response["ETag"] and response.content == b""
    assert len(queries) <= 1  # the ledger's last movement, for the key


def _catalog(variants: int, stores) -> None:
    for n in range(variants):
        variant = VariantFactory(options={"size": "M", "colour": "Red"})
        for store in stores:
            StockLevelFactory(location=store, variant=variant, on_hand=n % 6)


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert body_of(response)
    return len(queries)


@pytest.mark.parametrize("url", FEEDS)
def test_queries_per_feed_do_not_grow_with_the_catalog(client, url, django_assert_max_num_queries):
    stores = [LocationFactory(), LocationFactory(is_pickup_point=False)]
    _catalog(3, stores)
    small = _queries(client, url)

    _catalog(27, stores)
    cache.clear()
    with django_assert_max_num_queries(small):
        body_of(client.get(url))
