from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and no app owns: the domain error base, and infrastructure added as it is needed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"

    def ready(self):
        from core import admin, checks, receivers  # noqa: F401  (checks: registers the deploy checks)

        receivers.connect()
        admin.unregister_plaintext_tokens()  # after admin autodiscovery, which ran in the admin app's ready()
