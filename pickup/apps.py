from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PickupConfig(AppConfig):
    name = "pickup"
    verbose_name = _("Pickup")

    def ready(self):
        from pickup import receivers  # noqa: F401  (connects its receivers on import)
