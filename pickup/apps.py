from django.apps import AppConfig


class PickupConfig(AppConfig):
    name = "pickup"
    verbose_name = "Pickup"

    def ready(self):
        from pickup import receivers  # noqa: F401  (connects its receivers on import)
