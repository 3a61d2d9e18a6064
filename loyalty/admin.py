"""Staff console for loyalty: each account with its read-only ledger; points change only through services."""

import uuid

from django import forms
from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.admin_actions import action_confirm
from core.display import card_for_reading, when
from loyalty.models import LoyaltyAccount, PointsEntry, Reward
from loyalty.services import points_adjust

ADJUST_PERMISSION = "loyalty.adjust_points"


class PointsEntryInline(admin.TabularInline):
    model = PointsEntry
    fk_name = "account"
    fields = ["occurred_at", "kind", "points", "shortfall", "what", "channel", "location_name", "key"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-occurred_at", "-pk"]

    @admin.display(description=_("what"))
    def what(self, obj):
        return obj.text

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AdjustForm(forms.Form):
    points = forms.IntegerField(help_text=_("Positive to credit, negative to take points away (never below zero)."))
    reason = forms.CharField(max_length=150, help_text=_("Shown in the customer's history."))
    # One token per form shown: submitting the same form twice adjusts once.
    token = forms.UUIDField(widget=forms.HiddenInput)

    def clean_points(self):
        if self.cleaned_data["points"] == 0:
            raise forms.ValidationError(gettext("Enter a number of points other than zero."))
        return self.cleaned_data["points"]


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(admin.ModelAdmin):
    list_display = ["customer", "card_number", "balance", "opened"]
    list_select_related = ["customer"]
    search_fields = ["customer__email", "customer__card_number", "customer__phone", "customer__last_name"]
    raw_id_fields = ["customer"]
    readonly_fields = ["customer", "created_at"]
    inlines = [PointsEntryInline]
    actions = ["adjust_points"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_balance=Sum("entries__points"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_adjust_permission(self, request):
        return request.user.has_perm(ADJUST_PERMISSION)

    @admin.display(description=_("Card"))
    def card_number(self, obj):
        return card_for_reading(obj.customer.card_number)

    @admin.display(description=_("Opened"), ordering="created_at")
    def opened(self, obj):
        return when(obj.created_at)

    @admin.display(description=_("Balance"), ordering="_balance")
    def balance(self, obj):
        return obj._balance or 0

    @admin.action(description=_("Adjust points (with a reason) …"), permissions=["adjust"])
    def adjust_points(self, request, queryset):
        return action_confirm(
            self,
            request,
            queryset.select_related("customer"),
            action="adjust_points",
            title=gettext("Adjust points"),
            intro=gettext(
                "Each account below gets one adjustment entry with your name and the reason; a debit never takes a "
                "balance below zero."
            ),
            columns=[
                (gettext("Customer"), lambda account: account.customer),
                (gettext("Card"), lambda account: card_for_reading(account.customer.card_number)),
                (gettext("Balance"), self.balance),
            ],
            form_class=AdjustForm,
            initial={"token": uuid.uuid4()},
            run=lambda account, data: points_adjust(
                customer=account.customer,
                points=data["points"],
                reason=data["reason"],
                key=f"adjust:{data['token']}:{account.pk}",
                actor=request.user.get_username(),
            ),
            done=gettext("adjusted by {points:+d} points ({reason})"),
            label=lambda account: str(account.customer),
        )


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["occurred_at", "account", "kind", "points", "shortfall", "channel", "order_number", "what"]
    list_select_related = ["account__customer"]
    list_filter = ["kind", "channel"]
    search_fields = ["key", "order_number", "account__customer__email", "account__customer__card_number"]
    readonly_fields = ["what", *(f.name for f in PointsEntry._meta.fields)]

    @admin.display(description=_("what"))
    def what(self, obj):
        return obj.text


@admin.register(Reward)
class RewardAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["code", "customer", "kind", "value", "points_spent", "expires_at", "redeemed_at"]
    list_select_related = ["customer"]
    search_fields = ["code", "redeemed_order_number", "customer__email", "customer__card_number"]
    readonly_fields = [f.name for f in Reward._meta.fields]

    @admin.display(description=_("When"), ordering="created_at")
    def booked_at(self, obj):
        return when(obj.created_at)
