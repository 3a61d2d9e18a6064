from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = "Inventory"

    def ready(self):
        from inventory import checks, receivers  # noqa: F401  (registers the data checks, cache versions)
