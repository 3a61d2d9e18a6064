from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = "Marketing"

    def ready(self):
        from marketing import receivers  # noqa: F401  (connects its receivers on import)
