"""Returns in the staff console: every channel at every store, and an order's returns on its page."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.templatetags.catalog_tags import money
from core.admin import ReadableInline
from core.admin_scope import StoreScopedAdmin
from core.display import when
from orders.admin import OrderAdmin
from returns.models import Return, ReturnLine
from returns.notes import reason_text
from returns.services import return_refund


class ReturnInline(ReadableInline, admin.TabularInline):
    """An order's returns, on the order's page."""

    model = Return
    fields = ["taken", "store", "refund_method", "refund", "refund_status", "points_reversed"]
    readonly_fields = fields
    show_change_link = True
    verbose_name = _("return")
    verbose_name_plural = _("returns")

    @admin.display(description=_("taken"))
    def taken(self, obj):
        return when(obj.created_at)

    @admin.display(description=_("store"))
    def store(self, obj):
        return obj.location.name

    @admin.display(description=_("refund"))
    def refund(self, obj):
        return money(obj.refund_amount, obj.order.currency)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("location", "order")


OrderAdmin.inlines = [*OrderAdmin.inlines, ReturnInline]


class ReturnLineInline(admin.TabularInline):
    model = ReturnLine
    fields = ["order_line", "quantity", "condition", "amount"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Return)
class ReturnAdmin(StoreScopedAdmin, admin.ModelAdmin):
    """Returns of every channel, at the store that took them, with what came back and where the money stands."""

    list_display = [
        "__str__",
        "order",
        "location",
        "refund_method",
        "refund_amount",
        "refund_status",
        "points_reversed",
        "created_at",
    ]
    list_filter = ["refund_status", "refund_method", "location", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["order__number", "order__email", "order__customer__email", "refund_reference"]
    list_select_related = ["order", "location"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "order",
        "location",
        "key",
        "reason_shown",
        "refund_method",
        "refund_amount",
        "refund_status",
        "refund_reference",
        "refund_error",
        "points_reversed",
        "actor",
        "device",
        "created_at",
    ]
    inlines = [ReturnLineInline]
    actions = ["retry_refund"]

    @admin.display(description=_("reason"))
    def reason_shown(self, obj):
        return reason_text(obj.reason)

    def has_add_permission(self, request):
        return False  # returns are taken at the clerk console or the till, through the return service

    @admin.action(description=_("Retry the card refund"), permissions=["change"])
    def retry_refund(self, request, queryset):
        for ret in queryset.filter(refund_status=Return.RefundStatus.FAILED):
            ret = return_refund(ret=ret)
            level = messages.SUCCESS if ret.refund_status == Return.RefundStatus.REFUNDED else messages.ERROR
            self.message_user(
                request,
                gettext("%(return)s: %(status)s %(error)s")
                % {"return": ret, "status": ret.get_refund_status_display(), "error": ret.refund_error},
                level,
            )
