"""Staff see every signed-in device and sign any of them out; keys are never shown (only their hash is kept)."""

from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

from customers.models import ApiToken


class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "expires_at", "rolling"]
    list_filter = ["rolling"]
    search_fields = ["user__username", "user__email", "name", "prefix"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "expires_at", "rolling"]
    exclude = ["digest"]
    actions = ["delete_selected"]

    def has_add_permission(self, request):
        return False  # tokens are made by signing in, where the key can be shown once

    def has_change_permission(self, request, obj=None):
        return False


def register(site: admin.AdminSite = admin.site) -> None:
    """Called from CustomersConfig.ready(), after admin autodiscovery; the old single-token admin goes."""
    if site.is_registered(TokenProxy):
        site.unregister(TokenProxy)
    if not site.is_registered(ApiToken):
        site.register(ApiToken, ApiTokenAdmin)
