from django.apps import AppConfig


class ClerkConfig(AppConfig):
    """The clerk console (/clerk/) and the staff customer API: it composes the domain apps for the counter."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clerk"

    def ready(self):
        from clerk import receivers  # noqa: F401
