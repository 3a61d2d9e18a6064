from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SquarePosConfig(AppConfig):
    name = "squarepos"
    verbose_name = _("Square")

    def ready(self):
        from squarepos import checks, reasons  # noqa: F401  (registers the settings checks and the order note)
