"""Staff console for orders of every channel: status changes only through actions that call the order services."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.templatetags.catalog_tags import money
from core.admin import ReadableInline, quiet_readonly_help
from core.admin_actions import action_confirm
from core.admin_scope import StoreScopedAdmin
from core.display import when
from inventory.admin import HomeStoreFilter
from orders.models import Order, OrderEvent, OrderLine
from orders.services import order_transition


class NoteForm(forms.Form):
    """A status change may carry a note for the record."""

    note = forms.CharField(max_length=300, required=False, label=_("Note (optional)"))


class OrderLineInline(ReadableInline, admin.TabularInline):
    model = OrderLine
    fields = ["sku", "name", "price", "quantity", "amount", "taken"]
    readonly_fields = fields
    verbose_name = _("line")
    verbose_name_plural = _("lines")

    @admin.display(description=_("unit price"))
    def price(self, obj):
        return money(obj.unit_price, obj.order.currency)

    @admin.display(description=_("line total"))
    def amount(self, obj):
        return money(obj.line_total, obj.order.currency)

    @admin.display(description=_("at pickup"))
    def taken(self, obj):
        return gettext("Not taken: back on the shelf") if obj.refused else ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order")


class OrderEventInline(ReadableInline, admin.TabularInline):
    model = OrderEvent
    fields = ["when", "by", "step", "note_shown"]
    readonly_fields = fields
    verbose_name = _("step")
    verbose_name_plural = _("history")

    @admin.display(description=_("when"))
    def when(self, obj):
        return when(obj.at)

    # By name: a link to the user page would be forbidden to everyone but admins.
    @admin.display(description=_("who"))
    def by(self, obj):
        return obj.actor.get_username() if obj.actor_id else gettext("the shop")

    @admin.display(description=_("note"))
    def note_shown(self, obj):
        return obj.note_text

    @admin.display(description=_("status"))
    def step(self, obj):
        to = obj.get_to_status_display()
        return f"{obj.get_from_status_display()} → {to}" if obj.from_status else to

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


# action name → (target status, what the confirmation page says it does)
STATUS_ACTIONS = {
    "mark_picking": (Order.Status.PICKING, _("Start picking")),
    "mark_ready": (Order.Status.READY, _("Mark ready for pickup")),
    "mark_shipped": (Order.Status.SHIPPED, _("Mark shipped (the reserved units leave the books)")),
    "mark_completed": (Order.Status.COMPLETED, _("Complete (collected or delivered; reserved units are fulfilled)")),
    "cancel_orders": (Order.Status.CANCELLED, _("Cancel (reserved units go back on sale)")),
}


class OrderStoreFilter(HomeStoreFilter):
    """The staff member's own store first; "All locations" includes shipped orders, which have no store."""

    title = _("store")


@admin.register(Order)
class OrderAdmin(StoreScopedAdmin, admin.ModelAdmin):
    """Read-only: orders are written by checkout, the POS and imports; staff move them on through the actions.
    An order is the store's that sold it or hands it over, and the location's that holds its units (a shipped order
    has only that one)."""

    store_field = ("location", "stock_location")
    list_display = ["number", "who", "channel", "status", "store", "amount", "placed"]
    list_display_links = ["number"]
    list_select_related = ["customer", "location"]
    list_filter = [OrderStoreFilter, "status", "channel", "fulfilment", "payment_status"]
    search_fields = ["number", "email", "name", "external_id", "customer__email", "customer__card_number"]
    search_help_text = _(
        "Search by order number, the shopper's name or email, loyalty card or marketplace order id, in every store "
        "you may see."
    )
    date_hierarchy = "placed_at"
    fieldsets = [
        (None, {"fields": ["number", "status", "customer_link", "channel", "fulfilment", "store", "placed", "done"]}),
        (
            _("Money"),
            {"fields": ["subtotal_", "discount", "shipping", "total_", "reward_code", "payment_method", "paid"]},
        ),
        (_("Pickup and delivery"), {"fields": ["stock_from", "transfer_number", "ready", "pay_by", "address"]}),
        (_("References"), {"classes": ["collapse"], "fields": ["external_id", "stripe_payment_intent_id"]}),
    ]
    readonly_fields = [
        "number",
        "status",
        "customer_link",
        "customer_name",
        "channel",
        "fulfilment",
        "store",
        "placed",
        "done",
        "subtotal_",
        "discount",
        "shipping",
        "total_",
        "reward_code",
        "payment_method",
        "paid",
        "stock_from",
        "transfer_number",
        "ready",
        "pay_by",
        "address",
        "external_id",
        "stripe_payment_intent_id",
    ]
    inlines = [OrderLineInline, OrderEventInline]
    actions = list(STATUS_ACTIONS)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # orders come from checkout, the POS and imports, through the order services

    def has_change_permission(self, request, obj=None):
        # The list's actions need "change"; the order page itself is read-only, so a stale Save never overwrites.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, **quiet_readonly_help(self.readonly_fields, kwargs))

    def get_fieldsets(self, request, obj=None):
        """The customer is a link only for staff who may open customer pages (no link that answers 403)."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("customers.view_customer"):
            return fieldsets
        plain = [
            (name, {**opts, "fields": ["customer_name" if f == "customer_link" else f for f in opts["fields"]]})
            for name, opts in fieldsets
        ]
        return plain

    @admin.display(description=_("customer"))
    def who(self, obj):
        return shopper_name(obj)

    @admin.display(description=_("customer"))
    def customer_link(self, obj):
        if obj.customer_id is None:
            return shopper_name(obj) or "—"
        url = reverse("admin:customers_customer_change", args=[obj.customer_id])
        return format_html('<a href="{}">{}</a>', url, obj.customer)

    @admin.display(description=_("customer"))
    def customer_name(self, obj):
        return shopper_name(obj) or "—"

    @admin.display(description=_("units held at"))
    def stock_from(self, obj):
        return obj.stock_location.name if obj.stock_location_id else "—"

    @admin.display(description=_("transfer to the pickup store"))
    def transfer_number(self, obj):
        return str(obj.transfer) if obj.transfer_id else "—"

    @admin.display(description=_("store"), ordering="location__name")
    def store(self, obj):
        return obj.location.name if obj.location_id else "—"

    @admin.display(description=_("total"), ordering="total")
    def amount(self, obj):
        return money(obj.total, obj.currency)

    @admin.display(description=_("placed"), ordering="placed_at")
    def placed(self, obj):
        return when(obj.placed_at)

    @admin.display(description=_("completed"))
    def done(self, obj):
        return when(obj.completed_at) or "—"

    @admin.display(description=_("subtotal"))
    def subtotal_(self, obj):
        return money(obj.subtotal, obj.currency)

    @admin.display(description=_("discount"))
    def discount(self, obj):
        return money(obj.discount_total, obj.currency)

    @admin.display(description=_("shipping"))
    def shipping(self, obj):
        return money(obj.shipping_total, obj.currency)

    @admin.display(description=_("total"))
    def total_(self, obj):
        return money(obj.total, obj.currency)

    @admin.display(description=_("payment"))
    def paid(self, obj):
        return payment_summary(obj)

    @admin.display(description=_("promised ready by"))
    def ready(self, obj):
        return when(obj.ready_at) or "—"

    @admin.display(description=_("released unless paid by"))
    def pay_by(self, obj):
        return when(obj.expires_at) or "—"

    @admin.display(description=_("ship to"))
    def address(self, obj):
        parts = [obj.shipping_address.get(key, "") for key in ("name", "line1", "postal_code", "city")]
        return ", ".join(part for part in parts if part) or "—"

    def _status_action(self, request, queryset, name: str):
        """First a confirmation page listing the orders; on confirm, each goes through order_transition."""
        to, description = STATUS_ACTIONS[name]
        return action_confirm(
            self,
            request,
            queryset.select_related("customer", "location").order_by("pk"),
            action=name,
            title=description,
            intro=gettext(
                "%(step)s: these orders go through the order rules one by one; an order that cannot take this step "
                "is left as it is and named."
            )
            % {"step": description},
            columns=[
                (gettext("Order"), lambda order: order.number),
                (gettext("Customer"), shopper_name),
                (gettext("Fulfilment"), lambda order: order.get_fulfilment_display()),
                (gettext("Status now"), lambda order: order.get_status_display()),
                (gettext("Store"), self.store),
            ],
            form_class=NoteForm,
            run=lambda order, data: order_transition(order=order, to=to, actor=request.user, note=data["note"]),
            done=Order.Status(to).label.lower(),
            label=None,  # the status machine's messages name the order
        )

    @admin.action(description=_("Start picking …"), permissions=["change"])
    def mark_picking(self, request, queryset):
        return self._status_action(request, queryset, "mark_picking")

    @admin.action(description=_("Mark ready for pickup …"), permissions=["change"])
    def mark_ready(self, request, queryset):
        return self._status_action(request, queryset, "mark_ready")

    @admin.action(description=_("Mark shipped …"), permissions=["change"])
    def mark_shipped(self, request, queryset):
        return self._status_action(request, queryset, "mark_shipped")

    @admin.action(description=_("Complete …"), permissions=["change"])
    def mark_completed(self, request, queryset):
        return self._status_action(request, queryset, "mark_completed")

    @admin.action(description=_("Cancel and release stock …"), permissions=["change"])
    def cancel_orders(self, request, queryset):
        return self._status_action(request, queryset, "cancel_orders")


def payment_summary(order: Order) -> str:
    """What the order's money stands at, as the counter needs it: what is still to pay (and where), or what was taken
    and given back."""
    owed = max(order.total - order.amount_paid, 0)
    closed = order.status in (Order.Status.CANCELLED, Order.Status.EXPIRED)
    if not order.is_paid and owed and not closed:
        if order.payment_method == Order.PaymentMethod.PAY_AT_PICKUP:
            return gettext("To pay at pickup: %(amount)s") % {"amount": money(owed, order.currency)}
        return gettext("%(status)s: %(amount)s to pay") % {
            "status": order.get_payment_status_display(),
            "amount": money(owed, order.currency),
        }
    text = gettext("%(status)s: %(amount)s") % {
        "status": order.get_payment_status_display(),
        "amount": money(order.amount_paid, order.currency),
    }
    if order.amount_refunded:
        text += gettext(", %(amount)s refunded") % {"amount": money(order.amount_refunded, order.currency)}
    return text


def shopper_name(order: Order) -> str:
    """The shopper by name: the profile's (already joined in lists), else as given at checkout, else the email."""
    if order.customer_id:
        return order.customer.display_name
    return order.name or order.email
