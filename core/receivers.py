"""Keeps the staff role groups and the one Site in step with the code and settings after each migrate."""

import logging
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_migrate

from core.roles import role_groups_sync

log = logging.getLogger(__name__)


def sync_role_groups(sender, **kwargs):
    """post_migrate fires once per app that has models; permissions of every app exist only after the last one."""
    with_models = [config.label for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1]:
        return
    role_groups_sync()
    log.debug("role groups synchronised")


def sync_site(sender, **kwargs):
    """Emails and allauth pages name the shop from the Site: keep it at SHOP_NAME and SHOP_URL's host, not
    example.com."""
    if sender.label != "sites":
        return
    site_sync()


def site_sync() -> None:
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SHOP_URL).netloc or settings.SHOP_DOMAIN
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"name": settings.SHOP_NAME, "domain": domain})
    Site.objects.clear_cache()


def connect() -> None:
    post_migrate.connect(sync_role_groups, dispatch_uid="core.sync_role_groups")
    post_migrate.connect(sync_site, dispatch_uid="core.sync_site")
