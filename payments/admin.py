"""Card refunds on the order's page in the staff console."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.templatetags.catalog_tags import money
from core.admin import ReadableInline
from core.display import when
from orders.admin import OrderAdmin
from payments.models import PaymentRefund


class PaymentRefundInline(ReadableInline, admin.TabularInline):
    """Card refunds asked of Stripe for the order (returns, refused lines at a pickup, an expired pickup): one
    still waiting for Stripe shows so, and is asked again by its own retry (the return's action, or beat)."""

    model = PaymentRefund
    fields = ["asked", "refunded", "stripe_answer", "key"]
    readonly_fields = fields
    verbose_name = _("card refund")
    verbose_name_plural = _("card refunds")

    @admin.display(description=_("asked"))
    def asked(self, obj):
        return when(obj.created_at)

    @admin.display(description=_("amount"))
    def refunded(self, obj):
        return money(obj.amount, obj.order.currency)

    @admin.display(description=_("Stripe"))
    def stripe_answer(self, obj):
        return obj.stripe_refund_id or gettext("waiting for Stripe")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order")


OrderAdmin.inlines = [*OrderAdmin.inlines, PaymentRefundInline]
