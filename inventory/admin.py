"""The staff console for stock: locations, stock levels with receive/adjust/count, the ledger, transfers, reorder."""

import csv

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from catalog.models import Variant
from core.display import when
from inventory import permissions, services
from inventory.exceptions import InventoryError
from inventory.forms import (
    AdjustForm,
    CountForm,
    ReceiveForm,
    ReorderTransferForm,
    TransferAdminForm,
    TransferLineForm,
)
from inventory.models import Location, OpeningHours, StaffProfile, StockLevel, StockMovement, Transfer, TransferLine
from inventory.selectors import (
    below_reorder_point_q,
    ledger_check,
    out_of_stock_q,
    reorder_suggestions,
    stock_levels_annotated,
)

RECENT_MOVEMENTS = 20
REORDER_PER_PAGE = 50
ALL_LOCATIONS = "all"


def ledger_url(*, stock_level_id: int) -> str:
    """The ledger list filtered to one stock level: every movement that made its numbers."""
    return (
        reverse("admin:inventory_stockmovement_changelist")
        + "?"
        + urlencode({"stock_level__id__exact": stock_level_id, HomeStoreFilter.parameter_name: ALL_LOCATIONS})
    )


class HomeStoreFilter(admin.SimpleListFilter):
    """Location filter that starts at the staff member's own store; "All locations" shows every one."""

    title = "location"
    parameter_name = "location"
    field = "location_id"

    def __init__(self, request, params, model, model_admin):
        self.home = permissions.home_location_id(request.user)
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(str(loc.pk), loc.name) for loc in Location.objects.filter(is_active=True).only("pk", "name")]

    def value(self):
        value = super().value()
        if value is None and self.home is not None:
            return str(self.home)
        return value

    def choices(self, changelist):
        yield {
            "selected": self.value() in (None, ALL_LOCATIONS),
            "query_string": changelist.get_query_string({self.parameter_name: ALL_LOCATIONS}),
            "display": "All locations",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value in (None, ALL_LOCATIONS) or not value.isdigit():
            return queryset
        return queryset.filter(**{self.field: int(value)})


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "city", "is_pickup_point", "is_active"]
    list_filter = ["kind", "is_pickup_point", "is_active"]
    search_fields = ["code", "name", "city"]
    inlines = [OpeningHoursInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "is_active"]}),
        ("Address and contact", {"fields": ["address_line", "postal_code", "city", "country", "phone", "email"]}),
        ("Click & collect", {"fields": ["timezone", "is_pickup_point", "pickup_lead_minutes"]}),
        ("Web stock", {"fields": ["default_online_buffer"]}),
    ]


class BelowReorderPointFilter(admin.SimpleListFilter):
    title = "reorder point"
    parameter_name = "reorder"

    def lookups(self, request, model_admin):
        return [("below", "At or below reorder point"), ("above", "Above reorder point")]

    def queryset(self, request, queryset):
        if self.value() == "below":
            return queryset.filter(below_reorder_point_q())
        if self.value() == "above":
            return queryset.exclude(below_reorder_point_q())
        return queryset


class OutOfStockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("out", "Out of stock (nothing to sell)"), ("in", "In stock")]

    def queryset(self, request, queryset):
        if self.value() == "out":
            return queryset.filter(out_of_stock_q())
        if self.value() == "in":
            return queryset.exclude(out_of_stock_q())
        return queryset


# Each admin action: the form it asks, the permission it needs, and the service it calls.
STOCK_ACTIONS = {
    "receive": (ReceiveForm, permissions.RECEIVE, "Receive stock"),
    "adjust": (AdjustForm, permissions.ADJUST, "Adjust stock"),
    "count": (CountForm, permissions.COUNT, "Record a stock count"),
}


def _run_stock_action(operation: str, *, level: StockLevel, data: dict, actor):
    if operation == "receive":
        return services.stock_receive(
            location=level.location,
            variant=level.variant,
            quantity=data["quantity"],
            reason=data["reason"],
            actor=actor,
        )
    if operation == "adjust":
        return services.stock_adjust(
            location=level.location, variant=level.variant, delta=data["quantity"], reason=data["reason"], actor=actor
        )
    return services.stock_count(
        location=level.location, variant=level.variant, quantity=data["quantity"], reason=data["reason"], actor=actor
    )


@admin.register(StockLevel)
class StockLevelAdmin(admin.ModelAdmin):
    list_display = ["sku", "variant", "location_name", "on_hand", "reserved", "in_store", "online", "reorder_point"]
    list_filter = [HomeStoreFilter, BelowReorderPointFilter, OutOfStockFilter]
    list_select_related = ["location", "variant", "variant__product"]
    search_fields = ["variant__sku", "variant__gtin", "variant__product__name"]
    search_help_text = "Search by SKU, barcode or product name."
    autocomplete_fields = ["variant"]
    # on_hand and reserved change only through the actions (services), so every change has a ledger row.
    readonly_fields = ["on_hand", "reserved", "in_store_now", "online_now", "ledger", "recent_movements"]
    fields = [
        "location",
        "variant",
        "on_hand",
        "reserved",
        "in_store_now",
        "online_now",
        "online_buffer",
        "reorder_point",
        "reorder_quantity",
        "ledger",
        "recent_movements",
    ]
    actions = ["receive", "adjust", "count"]
    show_full_result_count = False

    def get_queryset(self, request):
        return stock_levels_annotated(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "location", "variant"] if obj else fields

    def has_delete_permission(self, request, obj=None):
        return False

    def has_receive_permission(self, request):
        return permissions.may(request.user, permissions.RECEIVE)

    def has_count_permission(self, request):
        return permissions.may(request.user, permissions.COUNT)

    def has_adjust_permission(self, request):
        return permissions.may(request.user, permissions.ADJUST)

    @admin.display(description="SKU", ordering="variant__sku")
    def sku(self, obj):
        return obj.variant.sku

    @admin.display(description="location", ordering="location__name")
    def location_name(self, obj):
        return obj.location.name

    @admin.display(description="available in store", ordering="in_store")
    def in_store(self, obj):
        return obj.in_store

    @admin.display(description="available online", ordering="online")
    def online(self, obj):
        return obj.online

    @admin.display(description="available in store")
    def in_store_now(self, obj):
        return obj.available_in_store if obj.pk else "—"

    @admin.display(description="available online")
    def online_now(self, obj):
        return f"{obj.available_online} (buffer {obj.buffer})" if obj.pk else "—"

    @admin.display(description="ledger check")
    def ledger(self, obj):
        if not obj.pk:
            return "—"
        check = ledger_check(obj)
        if check.ok:
            return "✔ on hand and reserved match the ledger and the open reservations."
        return format_html("<strong>✘ {}</strong>", "; ".join(check.problems))

    @admin.display(description="why the numbers are what they are")
    def recent_movements(self, obj):
        if not obj.pk:
            return "—"
        rows = list(obj.movements.select_related("actor").order_by("-pk")[:RECENT_MOVEMENTS])
        if not rows:
            return "No movements yet."
        # format_html escapes its arguments into strings first, so numbers are signed here, not in the template.
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    when(m.created_at),
                    m.get_kind_display(),
                    f"{m.on_hand_delta:+d}",
                    f"{m.reserved_delta:+d}",
                    m.on_hand_after,
                    m.reason,
                    m.reference,
                    m.actor or "",
                )
                for m in rows
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>When</th><th scope='col'>What</th><th scope='col'>On hand Δ</th>"
            "<th scope='col'>Reserved Δ</th><th scope='col'>On hand after</th><th scope='col'>Reason</th>"
            "<th scope='col'>Reference</th><th scope='col'>By</th></tr></thead><tbody>{}</tbody></table>"
            "<p><a href='{}'>The whole ledger of this stock level</a></p>",
            body,
            ledger_url(stock_level_id=obj.pk),
        )

    def get_urls(self):
        return [
            path("reorder/", self.admin_site.admin_view(self.reorder_view), name="inventory_stocklevel_reorder"),
            *super().get_urls(),
        ]

    def reorder_view(self, request):
        """Reorder suggestions, fast movers first, one page at a time; as CSV; or drafted as a warehouse transfer."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        locations = list(Location.objects.filter(is_active=True))
        wanted = request.GET.get("location")
        if wanted is None:
            home = permissions.home_location_id(request.user)
            wanted = str(home) if home is not None else ALL_LOCATIONS
        location = next((loc for loc in locations if str(loc.pk) == wanted), None)
        try:
            days = min(max(int(request.GET.get("days", 30)), 1), 365)
        except ValueError:
            days = 30
        suggestions = reorder_suggestions(location=location, days=days)
        if request.method == "POST":
            return self._reorder_transfer(request, suggestions)
        if request.GET.get("format") == "csv":
            return _reorder_csv(suggestions, location=location)
        fastest = max((s.velocity for s in suggestions), default=0) or 1
        page = Paginator(suggestions, REORDER_PER_PAGE).get_page(request.GET.get("page"))
        rows = [(s, round(100 * s.velocity / fastest)) for s in page.object_list]
        query = {"location": str(location.pk) if location else ALL_LOCATIONS, "days": days}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Reorder suggestions",
            "rows": rows,
            "page": page,
            "total": len(suggestions),
            "locations": locations,
            "location": location,
            "days": days,
            "query": urlencode(query),
            "csv_url": "?" + urlencode({**query, "format": "csv"}),
            "transfer_form": ReorderTransferForm() if permissions.may(request.user, permissions.TRANSFER) else None,
        }
        return TemplateResponse(request, "admin/inventory/stocklevel/reorder.html", context)

    def _reorder_transfer(self, request, suggestions):
        """Draft one transfer from the chosen warehouse to each store of the selected lines, at the suggested quantity."""
        back = request.get_full_path()
        form = ReorderTransferForm(request.POST)
        chosen = set(request.POST.getlist("level"))
        picked = [s for s in suggestions if str(s.stock_level.pk) in chosen]
        if not form.is_valid() or not picked:
            self.message_user(request, "Choose a warehouse and at least one line.", messages.WARNING)
            return redirect(back)
        source = form.cleaned_data["source"]
        by_destination: dict[int, list] = {}
        for suggestion in picked:
            by_destination.setdefault(suggestion.location.pk, []).append(suggestion)
        for lines in by_destination.values():
            destination = lines[0].location
            if not _may_draft_transfer(request.user, source=source, destination=destination):
                self.message_user(request, f"{destination.name}: not your store.", messages.ERROR)
                continue
            try:
                transfer = services.transfer_create(
                    source=source,
                    destination=destination,
                    lines=[services.StockLine(s.stock_level.variant_id, s.suggested_quantity) for s in lines],
                    note="Drafted from the reorder page",
                    actor=request.user,
                )
            except InventoryError as exc:
                self.message_user(request, f"{destination.name}: {exc.message}", messages.ERROR)
                continue
            url = reverse("admin:inventory_transfer_change", args=[transfer.pk])
            self.message_user(
                request,
                format_html(
                    '<a href="{}">{}</a> drafted with {} line(s); ship it from {}.',
                    url,
                    transfer,
                    len(lines),
                    source.name,
                ),
                messages.SUCCESS,
            )
        return redirect(back)

    def _stock_action(self, request, queryset, operation: str):
        form_class, action, title = STOCK_ACTIONS[operation]
        levels = list(queryset.select_related("location", "variant"))
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done, refused = 0, []
            for level in levels:
                if not permissions.can_change_stock(request.user, location_id=level.location_id, action=action):
                    refused.append(f"{level}: not your store")
                    continue
                try:
                    _run_stock_action(operation, level=level, data=form.cleaned_data, actor=request.user)
                    done += 1
                except InventoryError as exc:
                    refused.append(f"{level}: {exc.message}")
            if done:
                self.message_user(request, f"{title}: {done} stock level(s) updated, each with a ledger row.")
            for problem in refused:
                self.message_user(request, problem, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "levels": levels,
            "operation": operation,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/inventory/stocklevel/stock_action.html", context)

    @admin.action(description="Receive stock …", permissions=["receive"])
    def receive(self, request, queryset):
        return self._stock_action(request, queryset, "receive")

    @admin.action(description="Adjust stock (with a reason) …", permissions=["adjust"])
    def adjust(self, request, queryset):
        return self._stock_action(request, queryset, "adjust")

    @admin.action(description="Record a stock count …", permissions=["count"])
    def count(self, request, queryset):
        return self._stock_action(request, queryset, "count")


def _may_draft_transfer(user, *, source: Location, destination: Location) -> bool:
    """A draft moves no stock: the sender may draft it, and so may the receiving store asking for goods."""
    return permissions.can_change_stock(user, location_id=source.pk, action=permissions.TRANSFER) or (
        permissions.may(user, permissions.TRANSFER) and permissions.home_location_id(user) == destination.pk
    )


def _reorder_csv(suggestions, *, location: Location | None) -> HttpResponse:
    """The reorder suggestions as a spreadsheet for the buyer."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    where = location.code if location else "all"
    response["Content-Disposition"] = f'attachment; filename="reorder-{where}-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["sku", "product", "location", "sold", "days", "sellable", "in_transit", "reorder_point", "suggested_quantity"]
    )
    for s in suggestions:
        level = s.stock_level
        writer.writerow(
            [
                s.sku,
                level.variant.product.name,
                s.location.code,
                s.sold,
                s.days,
                level.available_in_store,
                s.in_transit,
                level.reorder_point,
                s.suggested_quantity,
            ]
        )
    return response


class StockLevelInline(admin.TabularInline):
    """Stock of a variant at every location, read-only: it changes through the stock level actions."""

    model = StockLevel
    fields = ["location", "on_hand", "reserved", "available_in_store", "available_online", "reorder_point"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "stock per location"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("location")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="available in store")
    def available_in_store(self, obj):
        return obj.available_in_store

    @admin.display(description="available online")
    def available_online(self, obj):
        return obj.available_online


def _register_variant_admin() -> None:
    """Add stock per location to the catalog's variant admin, whatever class catalog registered."""
    base = type(admin.site.get_model_admin(Variant)) if admin.site.is_registered(Variant) else admin.ModelAdmin
    if admin.site.is_registered(Variant):
        admin.site.unregister(Variant)
    attrs = {"inlines": [*getattr(base, "inlines", []), StockLevelInline], "__module__": __name__}
    if base is admin.ModelAdmin:
        attrs.update(list_display=["sku", "product", "price"], search_fields=["sku", "product__name"])
    admin.site.register(Variant, type("VariantWithStockAdmin", (base,), attrs))


_register_variant_admin()


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    """The ledger: read only, append only."""

    list_display = [
        "moved_at",
        "kind",
        "sku",
        "location_name",
        "on_hand_delta",
        "reserved_delta",
        "on_hand_after",
        "reference",
        "actor",
    ]
    list_filter = ["kind", HomeStoreFilter, "created_at"]
    list_select_related = ["location", "variant", "actor"]
    search_fields = ["variant__sku", "reference", "reason"]
    search_help_text = "Search by SKU, reference (order, transfer, return) or reason."
    show_full_result_count = False
    # Who did it is shown by name: a link to the user page would be forbidden to everyone but admins.
    fields = [
        "moved_at",
        "kind",
        "stock_level",
        "on_hand_delta",
        "reserved_delta",
        "on_hand_after",
        "reserved_after",
        "reason",
        "reference",
        "by",
    ]
    readonly_fields = fields

    @admin.display(description="by")
    def by(self, obj):
        return obj.actor.get_username() if obj.actor_id else "—"

    @admin.display(description="when", ordering="created_at")
    def moved_at(self, obj):
        return when(obj.created_at)

    @admin.display(description="SKU", ordering="variant__sku")
    def sku(self, obj):
        return obj.variant.sku

    @admin.display(description="location", ordering="location__name")
    def location_name(self, obj):
        return obj.location.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransferLineInline(admin.TabularInline):
    """Lines are typed by SKU or barcode when the transfer is drafted; afterwards they are part of the record."""

    model = TransferLine
    form = TransferLineForm
    fields = ["sku", "quantity"]
    readonly_fields = ["variant_sku"]
    extra = 3
    min_num = 1
    validate_min = True

    @admin.display(description="SKU")
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
    "ship": (services.transfer_ship, "source_id", permissions.TRANSFER, "shipped"),
    "receive": (services.transfer_receive, "destination_id", permissions.TRANSFER_RECEIVE, "received"),
    "cancel": (services.transfer_cancel, "source_id", permissions.TRANSFER, "cancelled"),
}


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    """Drafted through transfer_create (its checks, from a location the staff member may send from); then only actions."""

    form = TransferAdminForm
    list_display = ["__str__", "status", "line_count", "created", "shipped"]
    list_filter = [
        "status",
        ("source", admin.RelatedOnlyFieldListFilter),
        ("destination", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["source", "destination"]
    readonly_fields = ["status", "created_by_name", "created", "shipped", "received"]
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        active = Location.objects.filter(is_active=True)
        if db_field.name == "source":
            # Scoped like the API: a transfer leaves from the sender's own store unless they may act anywhere.
            home = permissions.home_location_id(request.user)
            kwargs["queryset"] = active if request.user.has_perm(permissions.ANYWHERE) else active.filter(pk=home)
        elif db_field.name == "destination":
            kwargs["queryset"] = active
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="lines", ordering="line_count")
    def line_count(self, obj):
        return obj.line_count

    @admin.display(description="created", ordering="created_at")
    def created(self, obj):
        return when(obj.created_at)

    @admin.display(description="shipped", ordering="shipped_at")
    def shipped(self, obj):
        return when(obj.shipped_at) or "—"

    @admin.display(description="received")
    def received(self, obj):
        return when(obj.received_at) or "—"

    @admin.display(description="created by")
    def created_by_name(self, obj):
        return obj.created_by.get_username() if obj.created_by_id else "—"

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.may(request.user, permissions.TRANSFER)

    def has_change_permission(self, request, obj=None):
        # Nothing on a saved transfer is edited by hand; ship, receive and cancel are actions.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Nothing is saved here: save_related drafts the transfer with its lines through transfer_create."""

    def save_related(self, request, form, formsets, change):
        lines = [
            services.StockLine(line.instance.variant.pk, line.cleaned_data["quantity"])
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
        return permissions.may(request.user, permissions.TRANSFER)

    def has_transfer_receive_permission(self, request):
        return permissions.may(request.user, permissions.TRANSFER_RECEIVE)

    def _transfer_action(self, request, queryset, name: str):
        service, location_field, action, done_word = TRANSFER_ACTIONS[name]
        done = 0
        for transfer in queryset.select_related("source", "destination"):
            if not permissions.can_change_stock(
                request.user, location_id=getattr(transfer, location_field), action=action
            ):
                self.message_user(request, f"{transfer}: not your store.", messages.ERROR)
                continue
            try:
                service(transfer=transfer, actor=request.user)
                done += 1
            except InventoryError as exc:
                self.message_user(request, f"{transfer}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} transfer(s) {done_word}.")

    @admin.action(description="Ship (stock out at the source)", permissions=["transfer"])
    def ship(self, request, queryset):
        self._transfer_action(request, queryset, "ship")

    @admin.action(description="Receive (stock in at the destination)", permissions=["transfer_receive"])
    def receive(self, request, queryset):
        self._transfer_action(request, queryset, "receive")

    @admin.action(description="Cancel (in-transit stock goes back to the source)", permissions=["transfer"])
    def cancel(self, request, queryset):
        self._transfer_action(request, queryset, "cancel")


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    fk_name = "user"
    can_delete = True
    verbose_name = "staff profile"
    verbose_name_plural = "staff profile (home store)"
    max_num = 1


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [*BaseUserAdmin.inlines, StaffProfileInline]
    list_select_related = ["staff_profile__home_location"]
    list_display = [*BaseUserAdmin.list_display, "home_store"]

    @admin.display(description="Home store")
    def home_store(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.home_location if profile else "—"
