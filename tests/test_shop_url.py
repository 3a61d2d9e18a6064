"""SHOP_URL: the shop's address in every email link, set in the Site at migrate, by `make run`, and checked for
production by `check --deploy`."""

import pytest
from django.apps import apps
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config import devrun
from core.checks import check_shop_url
from core.emails import site_url
from core.receivers import sync_site

pytestmark = pytest.mark.django_db


def test_migrate_writes_the_shops_address_into_the_site(settings):
    settings.SHOP_URL = "https://butikk.omnistore.no"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"})
    sync_site(sender=apps.get_app_config("sites"))
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("butikk.omnistore.no", settings.SHOP_NAME)
    assert site_url("/cart/") == "https://butikk.omnistore.no/cart/"


def test_make_run_points_links_at_the_address_it_serves(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("SHOP_URL", "https://elsewhere.example.com")
    env, port = devrun.run_environment()
    assert port == "8123" and env["SHOP_URL"] == "http://127.0.0.1:8123"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8000",
        "http://127.0.0.1:8000",
        "https://shop.example.com",
        "https://shop.test",
        "http://10.0.0.5",
    ],
)
def test_deploy_check_warns_while_the_address_is_local_or_an_example(settings, url):
    settings.SHOP_URL = url
    assert [w.id for w in check_shop_url()] == ["omnistore.W001"]


def test_deploy_check_wants_https_and_passes_a_real_address(settings):
    settings.SHOP_URL = "http://shop.omnistore.no"
    assert [w.id for w in check_shop_url()] == ["omnistore.W002"]
    settings.SHOP_URL = "https://shop.omnistore.no"
    assert check_shop_url() == []


def test_the_warning_fails_check_deploy_at_the_warning_level(settings):
    settings.SHOP_URL = "http://localhost:8000"
    with pytest.raises(SystemCheckError, match="omnistore.W001"):
        call_command("check", deploy=True, fail_level="WARNING", tags=["security"])
