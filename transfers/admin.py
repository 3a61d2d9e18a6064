"""Transfers in the staff console: drafted through transfer_create with lines by SKU, then shipped, received or cancelled."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from core import store_scope
from core.admin_scope import StoreScopedAdmin
from core.display import when
from inventory.exceptions import InventoryError
from inventory.models import Location
from inventory.services import StockLine
from transfers import permissions, services
from transfers.forms import TransferAdminForm, TransferLineForm
from transfers.models import Transfer, TransferLine


class TransferLineInline(admin.TabularInline):
    """Lines are typed by SKU or barcode when the transfer is drafted; afterwards they are part of the record."""

    model = TransferLine
    form = TransferLineForm
    fields = ["sku", "quantity"]
    readonly_fields = ["variant_sku"]
    extra = 3
    min_num = 1
    validate_min = True

    @admin.display(description=_("SKU"))
    def variant_sku(self, obj):
        return obj.variant.sku

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else ["variant_sku", "quantity"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("variant")

    def get_extra(self, request, obj=None, **kwargs):
        return self.extra if obj is None else 0

    def has_add_permission(self, request, obj=None):
        return obj is None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


TRANSFER_ACTIONS = {
    "ship": (
        services.transfer_ship,
        "source_id",
        permissions.SEND,
        ngettext_lazy("%(count)d transfer shipped.", "%(count)d transfers shipped.", "count"),
    ),
    "receive": (
        services.transfer_receive,
        "destination_id",
        permissions.RECEIVE,
        ngettext_lazy("%(count)d transfer received.", "%(count)d transfers received.", "count"),
    ),
    "cancel": (
        services.transfer_cancel,
        "source_id",
        permissions.SEND,
        ngettext_lazy("%(count)d transfer cancelled.", "%(count)d transfers cancelled.", "count"),
    ),
}


@admin.register(Transfer)
class TransferAdmin(StoreScopedAdmin, admin.ModelAdmin):
    """Drafted through transfer_create by whom can_draft_transfer allows; then only actions. A transfer is both
    ends' to read; shipping and cancelling are the source's, receiving the destination's."""

    store_field = ("source", "destination")

    form = TransferAdminForm
    list_display = ["__str__", "status", "line_count", "created", "shipped"]
    list_filter = [
        "status",
        ("source", admin.RelatedOnlyFieldListFilter),
        ("destination", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["source", "destination"]
    search_fields = ["hold_reference", "note"]
    search_help_text = _("Search by the order a transfer carries, or its note.")
    readonly_fields = ["status", "hold_reference", "created_by_name", "created", "shipped", "received"]
    inlines = [TransferLineInline]
    actions = ["ship", "receive", "cancel"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(line_count=Count("lines"))

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["source", "destination", "note"]
        return ["source", "destination", "note", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["source", "destination", "note", *self.readonly_fields]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user  # a class made for this request: its clean applies can_draft_transfer to them
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        active = Location.objects.filter(is_active=True)
        if db_field.name == "source":
            # The sources can_draft_transfer may allow: the sender's own store, or a warehouse to ask goods of.
            home = store_scope.home_location_id(request.user)
            own_or_warehouse = Q(pk=home) | Q(kind=Location.Kind.WAREHOUSE)
            anywhere = request.user.has_perm(store_scope.ANYWHERE)
            kwargs["queryset"] = active if anywhere else active.filter(own_or_warehouse)
        elif db_field.name == "destination":
            kwargs["queryset"] = active
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("lines"), ordering="line_count")
    def line_count(self, obj):
        return obj.line_count

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, obj):
        return when(obj.created_at)

    @admin.display(description=_("shipped"), ordering="shipped_at")
    def shipped(self, obj):
        return when(obj.shipped_at) or "—"

    @admin.display(description=_("received"))
    def received(self, obj):
        return when(obj.received_at) or "—"

    @admin.display(description=_("created by"))
    def created_by_name(self, obj):
        return obj.created_by.get_username() if obj.created_by_id else "—"

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.may(request.user, permissions.SEND)

    def has_change_permission(self, request, obj=None):
        # Nothing on a saved transfer is edited by hand; ship, receive and cancel are actions.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Nothing is saved here: save_related drafts the transfer with its lines through transfer_create."""

    def save_related(self, request, form, formsets, change):
        lines = [
            StockLine(line.instance.variant.pk, line.cleaned_data["quantity"])
            for formset in formsets
            for line in formset.forms
            if line.cleaned_data and not line.cleaned_data.get("DELETE")
        ]
        transfer = services.transfer_create(
            source=form.cleaned_data["source"],
            destination=form.cleaned_data["destination"],
            lines=lines,
            note=form.cleaned_data.get("note", ""),
            actor=request.user,
        )
        form.instance.pk = transfer.pk
        form.instance.created_at = transfer.created_at
        lines = list(transfer.lines.select_related("variant"))
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = lines, [], []

    def has_delete_permission(self, request, obj=None):
        return False

    def has_transfer_permission(self, request):
        return permissions.may(request.user, permissions.SEND)

    def has_transfer_receive_permission(self, request):
        return permissions.may(request.user, permissions.RECEIVE)

    def _transfer_action(self, request, queryset, name: str):
        service, location_field, perm, done_word = TRANSFER_ACTIONS[name]
        done = 0
        for transfer in queryset.select_related("source", "destination"):
            if not permissions.may_at(request.user, perm, location_id=getattr(transfer, location_field)):
                self.message_user(
                    request, gettext("%(transfer)s: not your store.") % {"transfer": transfer}, messages.ERROR
                )
                continue
            try:
                service(transfer=transfer, actor=request.user)
                done += 1
            except InventoryError as exc:
                self.message_user(request, f"{transfer}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, done_word % {"count": done})

    @admin.action(description=_("Ship (stock out at the source)"), permissions=["transfer"])
    def ship(self, request, queryset):
        self._transfer_action(request, queryset, "ship")

    @admin.action(description=_("Receive (stock in at the destination)"), permissions=["transfer_receive"])
    def receive(self, request, queryset):
        self._transfer_action(request, queryset, "receive")

    @admin.action(description=_("Cancel (in-transit stock goes back to the source)"), permissions=["transfer"])
    def cancel(self, request, queryset):
        self._transfer_action(request, queryset, "cancel")
