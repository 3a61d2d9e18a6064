from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns")

    def ready(self):
        from returns import (  # noqa: F401  (connect its receivers and add its order note on import)
            notes,
            receivers,
        )
