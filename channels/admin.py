"""Tills and marketplaces in the staff console: their keys, and the till's sales per store and day."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from channels.exceptions import ChannelRequestInvalid
from channels.models import DeviceClient, StoreSale
from channels.services.devices import device_binding_check, device_client_create, device_client_revoke
from core.admin import ReadOnlyAdmin
from core.admin_scope import StoreScopedAdmin
from orders.admin import OrderLineInline


class DeviceClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=DeviceClient.Scope.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = DeviceClient
        fields = ["name", "location", "channel", "scopes"]

    def clean(self):
        """The service's own check, its error shown at the field it names (the scopes' choices are the field's)."""
        data = super().clean()
        try:
            device_binding_check(location=data.get("location"), channel=data.get("channel", ""))
        except ChannelRequestInvalid as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


@admin.register(DeviceClient)
class DeviceClientAdmin(StoreScopedAdmin, admin.ModelAdmin):
    """Tills and marketplaces: issue a key (shown once, on saving) and revoke it; the key itself is never kept.
    A till is its store's; a marketplace, bound to no store, is for staff who act everywhere."""

    form = DeviceClientForm
    list_display = ["name", "location", "channel", "scope_list", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["channel", "location", ("key__revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key__prefix", "location__code"]
    list_select_related = ["location", "key"]
    actions = ["revoke"]

    @admin.display(description=_("scopes"))
    def scope_list(self, obj):
        labels = dict(DeviceClient.Scope.choices)
        return ", ".join(str(labels.get(scope, scope)) for scope in obj.key.scopes)

    @admin.display(description=_("prefix"), ordering="key__prefix")
    def prefix(self, obj):
        return obj.key.prefix

    @admin.display(description=_("created at"), ordering="key__created_at")
    def created_at(self, obj):
        return obj.key.created_at

    @admin.display(description=_("last used at"), ordering="key__last_used_at")
    def last_used_at(self, obj):
        return obj.key.last_used_at

    @admin.display(description=_("revoked at"), ordering="key__revoked_at")
    def revoked_at(self, obj):
        return obj.key.revoked_at

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "location", "channel", "scope_list", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) or ["name", "location", "channel", "scopes"]

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        client, key = device_client_create(
            name=data["name"], scopes=data["scopes"], location=data["location"], channel=data["channel"]
        )
        obj.pk, obj.key = client.pk, client.key
        self.message_user(
            request,
            format_html(
                gettext("The token for {client} is <code>{key}</code>. Copy it now: it is not shown again."),
                client=client,
                key=key,
            ),
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        clients = list(queryset.select_related("key"))
        for client in clients:
            device_client_revoke(client=client)
        count = len(clients)
        self.message_user(
            request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count}
        )


@admin.register(StoreSale)
class StoreSaleAdmin(ReadOnlyAdmin, StoreScopedAdmin, admin.ModelAdmin):
    """Till sales, with their totals per store and day for the period and stores filtered."""

    list_display = ["number", "location", "customer", "payment_method", "total", "placed_at"]
    list_filter = ["location", ("placed_at", admin.DateFieldListFilter), "payment_method"]
    date_hierarchy = "placed_at"
    list_select_related = ["location", "customer"]
    search_fields = ["number", "external_id", "customer__email", "customer__phone"]
    change_list_template = "admin/channels/storesale/change_list.html"
    inlines = [OrderLineInline]
    readonly_fields = ["number", "location", "customer", "payment_method", "total", "placed_at", "external_id"]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(channel="store")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["per_store_day"] = list(
                changelist.queryset.order_by()
                .annotate(day=TruncDate("placed_at"))
                .values("day", "location__code")
                .annotate(sales=Count("pk"), amount=Sum("total"))
                .order_by("-day", "location__code")[:60]
            )
        return response
