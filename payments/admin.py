"""Card refunds on the order's page in the staff console."""

from django.contrib import admin

from orders.admin import OrderAdmin
from payments.models import PaymentRefund


class PaymentRefundInline(admin.TabularInline):
    """Card refunds asked of Stripe for the order (returns, refused lines at a pickup, an expired pickup): one
    still waiting for Stripe shows so, and is asked again by its own retry (the return's action, or beat)."""

    model = PaymentRefund
    fields = ["key", "amount", "stripe_answer", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "card refund"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Stripe")
    def stripe_answer(self, obj):
        return obj.stripe_refund_id or "waiting for Stripe"


OrderAdmin.inlines = [*OrderAdmin.inlines, PaymentRefundInline]
