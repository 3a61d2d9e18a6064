from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Orders"

    def ready(self):
        from orders import admin_segments, receivers  # noqa: F401  (registers and connects on import)
