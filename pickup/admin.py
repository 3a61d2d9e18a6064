"""The pickup desk in the staff console: the store's pickups (every store's for managers, to read) with filters,
steps through the services after a confirmation page, and pickup windows."""

from django.contrib import admin
from django.db.models import Case, CharField, F, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import store_scope
from core.admin_actions import action_confirm
from core.admin_scope import StoreScopedAdmin
from core.display import when
from inventory.admin import HomeStoreFilter
from orders.admin import shopper_name
from pickup import services
from pickup.models import Pickup, PickupSchedule, PickupSlot
from pickup.selectors import pickup_overdue_q

# action name → (service, what the confirmation page's button says, what the message says was done)
PICKUP_STEPS = {
    "start_picking": (services.pickup_start_picking, _("Start picking"), _("being picked")),
    "mark_ready": (services.pickup_mark_ready, _("Mark ready (tells the customer)"), _("marked ready")),
    "cancel": (services.pickup_cancel, _("Cancel (items back on sale)"), _("cancelled")),
}


class PickupStoreFilter(HomeStoreFilter):
    title = _("store")


class OverdueFilter(admin.SimpleListFilter):
    """Late at the desk: not ready by the time promised, or ready and the hold has ended."""

    title = _("late")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pickup_overdue_q(now=timezone.now()))
        return queryset


@admin.register(Pickup)
class PickupAdmin(StoreScopedAdmin, admin.ModelAdmin):
    """A pickup's code is what the shopper shows at the counter: it is shown only where the user hands over."""

    list_display = ["order_number", "customer", "store", "status", "code_", "ready_by_", "held_until"]
    list_display_links = ["order_number"]
    list_filter = [PickupStoreFilter, "status", OverdueFilter, ("ready_by", admin.DateFieldListFilter)]
    search_fields = ["order__number", "code", "order__email", "order__name"]
    search_help_text = _("Search by order number, pickup code, or the shopper's name or email.")
    list_select_related = ["order", "order__customer", "location"]
    fields = [
        "order_link",
        "customer",
        "store",
        "status",
        "code_",
        "window",
        "ready_by_",
        "made_ready",
        "held_until",
        "collected",
        "handed_over",
    ]
    readonly_fields = fields
    actions = ["start_picking", "mark_ready", "cancel"]
    show_full_result_count = False

    def get_queryset(self, request):
        pickups = super().get_queryset(request).select_related("order", "order__customer", "location", "slot")
        if store_scope.acts_everywhere(request.user):
            return pickups.annotate(shown_code=F("code"))
        home = store_scope.home_location_id(request.user)
        if home is None:
            return pickups.annotate(shown_code=Value(""))
        return pickups.annotate(
            shown_code=Case(When(location_id=home, then=F("code")), default=Value(""), output_field=CharField())
        )

    def get_fields(self, request, obj=None):
        # The order is a link only for staff who may open orders (no link that answers 403).
        if request.user.has_perm("orders.view_order") or request.user.has_perm("orders.change_order"):
            return self.fields
        return ["order_number" if name == "order_link" else name for name in self.fields]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("order"), ordering="order__number")
    def order_number(self, obj):
        return obj.order.number

    @admin.display(description=_("order"))
    def order_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:orders_order_change", args=[obj.order_id]), obj.order)

    @admin.display(description=_("customer"))
    def customer(self, obj):
        return shopper_name(obj.order)

    @admin.display(description=_("store"), ordering="location__name")
    def store(self, obj):
        return obj.location.name

    @admin.display(description=_("code"))
    def code_(self, obj):
        return getattr(obj, "shown_code", "") or "—"

    @admin.display(description=_("window"))
    def window(self, obj):
        return f"{when(obj.slot.starts_at)}–{timezone.localtime(obj.slot.ends_at):%H:%M}" if obj.slot_id else "—"

    @admin.display(description=_("ready by"), ordering="ready_by")
    def ready_by_(self, obj):
        return when(obj.ready_by) or "—"

    @admin.display(description=_("made ready"))
    def made_ready(self, obj):
        return when(obj.ready_at) or "—"

    @admin.display(description=_("held until"), ordering="hold_until")
    def held_until(self, obj):
        return when(obj.hold_until) or "—"

    @admin.display(description=_("collected"))
    def collected(self, obj):
        return when(obj.collected_at) or "—"

    # By name: a link to the user page would be forbidden to everyone but admins.
    @admin.display(description=_("handed over by"))
    def handed_over(self, obj):
        return obj.handed_over_by.get_username() if obj.handed_over_by_id else "—"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The steps are actions (they need "change" on the list); a pickup's page is read-only for everyone.
        return obj is None and request.user.has_perm("pickup.view_pickup")

    def _step(self, request, queryset, name: str):
        """First a confirmation page listing the pickups; on confirm, each takes the step through its service."""
        service, title, done = PICKUP_STEPS[name]
        return action_confirm(
            self,
            request,
            queryset,
            action=name,
            title=title,
            intro=gettext(
                "%(step)s: these pickups go through the order rules one by one; a pickup that cannot take this step "
                "is left as it is and named."
            )
            % {"step": title},
            columns=[
                (gettext("Order"), self.order_number),
                (gettext("Customer"), self.customer),
                (gettext("Store"), self.store),
                (gettext("Status now"), lambda pickup: pickup.get_status_display()),
                (gettext("Ready by"), self.ready_by_),
            ],
            run=lambda pickup, data: service(pickup=pickup, actor=request.user),
            done=str(done),
            label=None,  # the order services' messages name the order
        )

    @admin.action(description=_("Start picking …"), permissions=["prepare"])
    def start_picking(self, request, queryset):
        return self._step(request, queryset, "start_picking")

    @admin.action(description=_("Mark ready (tells the customer) …"), permissions=["prepare"])
    def mark_ready(self, request, queryset):
        return self._step(request, queryset, "mark_ready")

    @admin.action(description=_("Cancel (items back on sale) …"), permissions=["cancel"])
    def cancel(self, request, queryset):
        return self._step(request, queryset, "cancel")

    def has_prepare_permission(self, request):
        return request.user.has_perm("pickup.prepare_pickup")

    def has_cancel_permission(self, request):
        return request.user.has_perm("pickup.cancel_pickup")


@admin.register(PickupSchedule)
class PickupScheduleAdmin(StoreScopedAdmin, admin.ModelAdmin):
    list_display = ["location", "window_minutes", "capacity", "days_ahead", "is_active"]
    list_filter = ["is_active"]


@admin.register(PickupSlot)
class PickupSlotAdmin(StoreScopedAdmin, admin.ModelAdmin):
    list_display = ["location", "starts", "booked", "capacity"]
    list_filter = [PickupStoreFilter]
    list_select_related = ["location"]
    readonly_fields = ["location", "starts", "booked", "capacity"]
    fields = readonly_fields

    @admin.display(description=_("window"), ordering="starts_at")
    def starts(self, obj):
        return f"{when(obj.starts_at)}–{timezone.localtime(obj.ends_at):%H:%M}"

    def has_add_permission(self, request):
        return False
