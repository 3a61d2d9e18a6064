from django.apps import AppConfig


class ClerkConfig(AppConfig):
    """The clerk console (/clerk/) and the staff customer API: it composes the domain apps for the counter."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "clerk"

    def ready(self):
        from clerk import notes, receivers  # noqa: F401  (registers its order notes and receivers)
