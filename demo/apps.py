from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo shop (`seed_demo`): it calls each app's services, or its own bulk helpers for the scale data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
