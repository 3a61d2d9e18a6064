from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Returns"

    def ready(self):
        from returns import receivers  # noqa: F401  (connects its receivers on import)
