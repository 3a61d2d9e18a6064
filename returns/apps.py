from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns")

    def ready(self):
        from returns import receivers  # noqa: F401  (connects its receivers on import)
