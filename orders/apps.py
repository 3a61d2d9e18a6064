from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from orders import (
            receivers,  # noqa: F401  (connects its receivers on import)
            timeline,  # noqa: F401  (adds its messages to the customer's timeline on import)
        )
