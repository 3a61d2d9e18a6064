from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplenishmentConfig(AppConfig):
    name = "replenishment"
    verbose_name = _("Replenishment")
