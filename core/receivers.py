"""Keeps the staff role groups in step with the permissions of every app after each migrate."""

import logging

from django.apps import apps
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


def connect() -> None:
    post_migrate.connect(sync_role_groups, dispatch_uid="core.sync_role_groups")
