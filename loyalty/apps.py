from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "loyalty"
    verbose_name = "Loyalty"

    def ready(self):
        from loyalty import receivers  # noqa: F401  (connects its receivers on import)
