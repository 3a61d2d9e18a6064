"""Staff console for customers: search by any key, read-only wishlist and timeline, merge two profiles."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone

from customers import services
from customers.exceptions import MergeRefused
from customers.models import Customer, TimelineEvent, WishlistItem
from customers.normalize import normalize_card, normalize_email, normalize_phone
from customers.ratelimit import admin_login_rate_limited

# allauth limits shopper log-ins; staff log-ins at /admin/login/ get the same protection here.
if not getattr(admin.site.login, "_rate_limited", False):
    admin.site.login = admin_login_rate_limited(admin.site.login)
    admin.site.login._rate_limited = True


class CustomerForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "home_store",
            "marketing_consent",
            "user",
        ]

    def clean_email(self):
        return normalize_email(self.cleaned_data.get("email"))

    def clean_phone(self):
        raw = self.cleaned_data.get("phone")
        if not raw:
            return None
        store = self.cleaned_data.get("home_store")
        phone = normalize_phone(raw, country=store.country if store else None)
        if phone is None:
            raise forms.ValidationError("Enter a valid phone number, e.g. +47 22 33 44 55.")
        return phone


class WishlistItemInline(admin.TabularInline):
    model = WishlistItem
    fields = ["variant", "source", "added_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("variant__product")

    def has_add_permission(self, request, obj=None):
        return False


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    fields = ["occurred_at", "kind", "channel", "summary", "reference"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "Active profiles"), ("yes", "Merged away (tombstones)")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        return queryset


class HasAccountFilter(admin.SimpleListFilter):
    title = "web account"
    parameter_name = "account"

    def lookups(self, request, model_admin):
        return [("yes", "With web account"), ("no", "In-store only")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(user__isnull=self.value() == "no")
        return queryset


def merge_summary(customers: list[Customer]) -> dict[int, dict]:
    """What each profile holds here, so staff see what a merge moves (two queries for any number of profiles).

    Orders and points live in apps above this one: the merge page links to their lists filtered by customer.
    """
    ids = [c.pk for c in customers]
    summary = {pk: {"wishlist": 0, "timeline": 0} for pk in ids}
    for row in WishlistItem.objects.filter(customer_id__in=ids).values("customer_id").annotate(n=Count("pk")):
        summary[row["customer_id"]]["wishlist"] = row["n"]
    for row in TimelineEvent.objects.filter(customer_id__in=ids).values("customer_id").annotate(n=Count("pk")):
        summary[row["customer_id"]]["timeline"] = row["n"]
    return summary


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    form = CustomerForm
    list_display = [
        "display_name",
        "email",
        "phone",
        "card_number",
        "created_channel",
        "home_store",
        "marketing_consent",
        "has_account",
        "merged_into",
        "created_at",
    ]
    list_select_related = ["home_store", "merged_into", "user"]
    list_filter = ["created_channel", "home_store", "marketing_consent", HasAccountFilter, MergedFilter]
    search_fields = ["email", "phone", "card_number", "first_name", "last_name"]
    search_help_text = "Email, phone (any format), card number or name."
    readonly_fields = [
        "card_number",
        "created_channel",
        "created_at",
        "marketing_consent_at",
        "merged_into",
        "merged_at",
    ]
    raw_id_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["first_name", "last_name", "email", "phone", "card_number", "user"]}),
        ("Preferences", {"fields": ["home_store", "marketing_consent", "marketing_consent_at"]}),
        ("History", {"fields": ["created_channel", "created_at", "merged_into", "merged_at"]}),
    ]
    inlines = [WishlistItemInline, TimelineEventInline]
    actions = ["merge_selected"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(boolean=True, description="Web account")
    def has_account(self, obj):
        return obj.user_id is not None

    def get_search_results(self, request, queryset, search_term):
        """A phone typed as "22 33 44 55" or a card typed with spaces still finds the profile."""
        base = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            keys = Q()
            if phone := normalize_phone(term):
                keys |= Q(phone=phone)
            if card := normalize_card(term):
                keys |= Q(card_number=card)
            if email := normalize_email(term):
                keys |= Q(email=email)
            if keys:
                queryset |= base.filter(keys)
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        if "marketing_consent" in form.changed_data:
            obj.marketing_consent_at = timezone.now()
        if not obj.card_number:
            obj.card_number = services.card_number_generate()
        super().save_model(request, obj, form, change)

    def has_merge_permission(self, request):
        return request.user.has_perm("customers.merge_customer")

    @admin.action(description="Merge selected customers", permissions=["merge"])
    def merge_selected(self, request, queryset):
        customers = list(queryset.select_related("user", "home_store").order_by("pk"))
        if len(customers) != 2:
            self.message_user(request, "Select exactly two customers to merge.", messages.WARNING)
            return None
        if request.POST.get("confirm") == "yes":
            survivor_id = request.POST.get("survivor", "")
            by_id = {str(c.pk): c for c in customers}
            if survivor_id not in by_id:
                self.message_user(request, "Choose which profile to keep.", messages.WARNING)
            else:
                survivor = by_id.pop(survivor_id)
                merged = next(iter(by_id.values()))
                try:
                    services.customer_merge(survivor=survivor, merged=merged, actor=request.user)
                except MergeRefused as exc:
                    self.message_user(request, exc.message, messages.ERROR)
                    return None
                self.message_user(request, f"{merged} was merged into {survivor}; nothing was lost.", messages.SUCCESS)
                return None
        summary = merge_summary(customers)
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge two customers",
            "opts": self.model._meta,
            "rows": [{"customer": c, **summary[c.pk]} for c in customers],
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "both_have_accounts": all(c.user_id for c in customers),
            "any_merged": any(c.merged_into_id for c in customers),
        }
        return TemplateResponse(request, "customers/admin/merge.html", context)
