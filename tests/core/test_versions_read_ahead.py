"""Reading a request's first versions and values ahead, in one round trip: each is taken once, and a bump in the
meantime is never hidden by what was read ahead."""

import pytest
from django.core.cache import cache

from core.versions import _key, cached_by_version, read_ahead, take_ahead, version_bump, versions_get

pytestmark = pytest.mark.django_db


def test_a_version_read_ahead_is_taken_once_then_asked_of_the_cache():
    before = versions_get(("shelf",))["shelf"]
    with read_ahead(names=("shelf",)):
        cache.set(_key("shelf"), "set-by-another-process", timeout=None)  # not through a bump: only the cache knows
        first = versions_get(("shelf",))["shelf"]
        second = versions_get(("shelf",))["shelf"]

    assert first == before
    assert second == "set-by-another-process"


def test_a_bump_after_reading_ahead_shows_on_the_next_read():
    before = versions_get(("shelf",))["shelf"]
    with read_ahead(names=("shelf",)):
        version_bump("shelf")
        after = versions_get(("shelf",))["shelf"]

    assert after != before


def test_a_value_read_ahead_serves_the_first_cached_by_version_read():
    cached_by_version("shelf", "shelf-value", lambda: "old", timeout=60)
    built = []
    with read_ahead(names=("shelf",), keys=("shelf-value",)):
        value = cached_by_version("shelf", "shelf-value", lambda: built.append(1) or "new", timeout=60)

    assert value == "old" and built == []


def test_nothing_read_ahead_outlives_its_block():
    versions_get(("shelf",))
    with read_ahead(names=("shelf",)):
        pass
    cache.set(_key("shelf"), "moved-on", timeout=None)

    assert versions_get(("shelf",))["shelf"] == "moved-on"


def test_a_version_missing_from_the_cache_is_made_when_read_ahead():
    cache.delete(_key("fresh-shelf"))
    with read_ahead(names=("fresh-shelf",)):
        made = versions_get(("fresh-shelf",))

    assert made["fresh-shelf"] == versions_get(("fresh-shelf",))["fresh-shelf"]


def test_a_value_read_ahead_is_taken_once():
    cache.set("shelf-value", "old", timeout=60)
    with read_ahead(keys=("shelf-value", "never-stored")):
        cache.set("shelf-value", "new", timeout=60)
        first, second, missing = take_ahead("shelf-value"), take_ahead("shelf-value"), take_ahead("never-stored")

    assert (first, second, missing) == ("old", None, None)


def test_reading_ahead_inside_a_read_ahead_adds_to_it():
    versions_get(("shelf", "cupboard"))
    with read_ahead(names=("shelf",)):
        with read_ahead(names=("cupboard",)):
            pass
        cache.set(_key("shelf"), "moved-on", timeout=None)
        cache.set(_key("cupboard"), "moved-on", timeout=None)
        read = versions_get(("shelf", "cupboard"))

    assert "moved-on" not in read.values()
