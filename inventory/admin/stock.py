"""Stock levels in the staff console: lists with availability, and receive/adjust/count actions that call the services."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import store_scope
from core.admin_actions import action_confirm
from core.admin_scope import StoreScopedAdmin
from core.display import when
from inventory import services
from inventory.admin.filters import BelowReorderPointFilter, HomeStoreFilter, OutOfStockFilter
from inventory.admin.ledger import ledger_url
from inventory.exceptions import InventoryError
from inventory.forms import AdjustForm, CountForm, ReceiveForm
from inventory.models import StockLevel
from inventory.selectors import ledger_check, stock_levels_annotated

RECENT_MOVEMENTS = 20
MOVEMENT_HEADERS = (
    _("When"),
    _("What"),
    _("On hand Δ"),
    _("Reserved Δ"),
    _("On hand after"),
    _("Reason"),
    _("Reference"),
    _("By"),
)

# Each admin action: the form it asks, the permission it needs, and the service it calls.
STOCK_ACTIONS = {
    "receive": (ReceiveForm, store_scope.RECEIVE, _("Receive stock")),
    "adjust": (AdjustForm, store_scope.ADJUST, _("Adjust stock")),
    "count": (CountForm, store_scope.COUNT, _("Record a stock count")),
}


def _run_stock_action(operation: str, *, level: StockLevel, data: dict, actor):
    if not store_scope.can_change_stock(actor, location_id=level.location_id, action=STOCK_ACTIONS[operation][1]):
        raise InventoryError(store_scope.NOT_YOUR_STORE)
    common = {"location": level.location, "variant": level.variant, "reason": data["reason"], "actor": actor}
    if operation == "adjust":
        return services.stock_adjust(delta=data["quantity"], **common)
    service = services.stock_receive if operation == "receive" else services.stock_count
    return service(quantity=data["quantity"], **common)


@admin.register(StockLevel)
class StockLevelAdmin(StoreScopedAdmin, admin.ModelAdmin):
    list_display = ["sku", "variant", "location_name", "on_hand", "reserved", "in_store", "online", "reorder_point"]
    list_filter = [HomeStoreFilter, BelowReorderPointFilter, OutOfStockFilter]
    list_select_related = ["location", "variant", "variant__product"]
    search_fields = ["variant__sku", "variant__gtin", "variant__product__name"]
    search_help_text = _("Search by SKU, barcode or product name.")
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
        return store_scope.may(request.user, store_scope.RECEIVE)

    def has_count_permission(self, request):
        return store_scope.may(request.user, store_scope.COUNT)

    def has_adjust_permission(self, request):
        return store_scope.may(request.user, store_scope.ADJUST)

    @admin.display(description=_("SKU"), ordering="variant__sku")
    def sku(self, obj):
        return obj.variant.sku

    @admin.display(description=_("location"), ordering="location__name")
    def location_name(self, obj):
        return obj.location.name

    @admin.display(description=_("available in store"), ordering="in_store")
    def in_store(self, obj):
        return obj.in_store

    @admin.display(description=_("available online"), ordering="online")
    def online(self, obj):
        return obj.online

    @admin.display(description=_("available in store"))
    def in_store_now(self, obj):
        return obj.available_in_store if obj.pk else "—"

    @admin.display(description=_("available online"))
    def online_now(self, obj):
        if not obj.pk:
            return "—"
        return gettext("%(online)s (buffer %(buffer)s)") % {"online": obj.available_online, "buffer": obj.buffer}

    @admin.display(description=_("ledger check"))
    def ledger(self, obj):
        if not obj.pk:
            return "—"
        check = ledger_check(obj)
        if check.ok:
            return gettext("✔ on hand and reserved match the ledger and the open reservations.")
        return format_html("<strong>✘ {}</strong>", "; ".join(check.problems))

    @admin.display(description=_("why the numbers are what they are"))
    def recent_movements(self, obj):
        if not obj.pk:
            return "—"
        rows = list(obj.movements.select_related("actor").order_by("-pk")[:RECENT_MOVEMENTS])
        if not rows:
            return gettext("No movements yet.")
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
        headers = format_html_join("", "<th scope='col'>{}</th>", ((header,) for header in MOVEMENT_HEADERS))
        return format_html(
            "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table><p><a href='{}'>{}</a></p>",
            headers,
            body,
            ledger_url(stock_level_id=obj.pk),
            gettext("The whole ledger of this stock level"),
        )

    def _stock_action(self, request, queryset, operation: str):
        form_class, _, title = STOCK_ACTIONS[operation]
        return action_confirm(
            self,
            request,
            queryset.select_related("location", "variant"),
            action=operation,
            title=title,
            intro=gettext(
                "This changes stock through the ledger: every stock level below gets a movement with your name and "
                "reason."
            ),
            columns=[
                (gettext("SKU"), lambda level: level.variant.sku),
                (gettext("Location"), lambda level: level.location),
                (gettext("On hand"), lambda level: level.on_hand),
                (gettext("Reserved"), lambda level: level.reserved),
                (gettext("Available in store"), lambda level: level.available_in_store),
            ],
            form_class=form_class,
            run=lambda level, data: _run_stock_action(operation, level=level, data=data, actor=request.user),
            done=gettext("updated, each with a ledger row"),
        )

    @admin.action(description=_("Receive stock …"), permissions=["receive"])
    def receive(self, request, queryset):
        return self._stock_action(request, queryset, "receive")

    @admin.action(description=_("Adjust stock (with a reason) …"), permissions=["adjust"])
    def adjust(self, request, queryset):
        return self._stock_action(request, queryset, "adjust")

    @admin.action(description=_("Record a stock count …"), permissions=["count"])
    def count(self, request, queryset):
        return self._stock_action(request, queryset, "count")
