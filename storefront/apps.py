from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    """The shop's pages, the shopper's account and the app's /api/v1/me/: it composes the domain apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "storefront"

    def ready(self):
        from storefront import receivers  # noqa: F401  (forgets cached shopper data on profile changes)
