from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PickupConfig(AppConfig):
    name = "pickup"
    verbose_name = _("Pickup")

    def ready(self):
        from pickup import notes, receivers, ship_to_store  # noqa: F401  (registers its notes and receivers)
