"""Staff console for customers: search by any key, read-only wishlist and timeline, merge two profiles."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.display import card_for_reading, phone_for_reading, when
from core.roles import ADMIN, user_role
from customers import services
from customers.exceptions import LinkRefused, MergeRefused
from customers.models import Customer, TimelineEvent, WishlistItem
from customers.normalize import normalize_card, normalize_email, normalize_phone


class CustomerForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "home_store",
            "language",
            "marketing_consent",
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
            raise forms.ValidationError(gettext("Enter a valid phone number, e.g. +47 22 33 44 55."))
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
    fields = ["occurred", "kind", "channel", "what", "reference"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    classes = ["collapse"]

    @admin.display(description=_("when"))
    def occurred(self, obj):
        return when(obj.occurred_at)

    @admin.display(description=_("what happened"))
    def what(self, obj):
        return obj.text

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MergedFilter(admin.SimpleListFilter):
    title = _("merged")
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", _("Active profiles")), ("yes", _("Merged away (tombstones)"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        return queryset


class HasAccountFilter(admin.SimpleListFilter):
    title = _("web account")
    parameter_name = "account"

    def lookups(self, request, model_admin):
        return [("yes", _("With web account")), ("no", _("In-store only"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(user__isnull=self.value() == "no")
        return queryset


class LinkAccountForm(forms.Form):
    """An admin links a web account by hand only with a reason; it goes on the customer's timeline."""

    account = forms.CharField(label=_("Web account (username or email)"), max_length=254)
    reason = forms.CharField(
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the account is linked by hand, e.g. “customer showed ID, email changed since”."),
    )

    def clean_account(self):
        typed = self.cleaned_data["account"].strip()
        users = get_user_model().objects.filter(Q(username=typed) | Q(email__iexact=typed))
        found = list(users[:2])
        if len(found) != 1:
            raise forms.ValidationError(gettext("No single web account has that username or email."))
        return found[0]


def label(customer: Customer) -> str:
    """A customer as staff tell two of them apart: "Lars Jacobsen (card 7000 1111 2222)"."""
    return gettext("%(name)s (card %(card)s)") % {
        "name": customer.display_name,
        "card": card_for_reading(customer.card_number),
    }


def suggested_survivor(customers: list[Customer]) -> Customer:
    """The profile to keep: the one with a web account, else the older one (its card has been in use longer)."""
    return min(customers, key=lambda c: (c.user_id is None, c.created_at, c.pk))


def contact_differences(customers: list[Customer]) -> list[str]:
    """Emails or phones that differ between the two, which staff should check are the same person's."""
    problems = []
    for field, differ in (
        ("email", gettext("The emails differ (%(values)s).")),
        ("phone", gettext("The phone numbers differ (%(values)s).")),
    ):
        values = {getattr(c, field) for c in customers if getattr(c, field)}
        if len(values) > 1:
            shown = sorted(phone_for_reading(v) if field == "phone" else v for v in values)
            problems.append(differ % {"values": gettext(" and ").join(shown)})
    return problems


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
    list_display = ["display_name", "email", "phone_number", "card", "home_store", "has_account", "since"]
    list_select_related = ["home_store", "merged_into", "user"]
    list_filter = ["created_channel", "home_store", "marketing_consent", HasAccountFilter, MergedFilter]
    search_fields = ["email", "phone", "card_number", "first_name", "last_name"]
    search_help_text = _("Email, phone (any format), card number or name.")
    readonly_fields = [
        "card",
        "web_account",
        "created_channel",
        "since",
        "consent_when",
        "merged_into",
        "merged_when",
    ]
    fieldsets = [
        (None, {"fields": ["first_name", "last_name", "email", "phone", "card", "web_account"]}),
        (_("Preferences"), {"fields": ["home_store", "language", "marketing_consent", "consent_when"]}),
        (_("History"), {"fields": ["created_channel", "since", "merged_into", "merged_when"]}),
    ]
    inlines = [WishlistItemInline, TimelineEventInline]
    actions = ["merge_selected", "link_account"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(boolean=True, description=_("Web account"))
    def has_account(self, obj):
        return obj.user_id is not None

    @admin.display(description=_("web account"))
    def web_account(self, obj):
        if obj.user_id is None:
            return gettext(
                "None yet: it is linked when the shopper verifies this email (or by an admin, with a reason)."
            )
        return obj.user.get_username()

    @admin.display(description=_("phone"), ordering="phone")
    def phone_number(self, obj):
        return phone_for_reading(obj.phone) or "—"

    @admin.display(description=_("card number"), ordering="card_number")
    def card(self, obj):
        return card_for_reading(obj.card_number)

    @admin.display(description=_("customer since"), ordering="created_at")
    def since(self, obj):
        return when(obj.created_at)

    @admin.display(description=_("offers agreed or declined at"))
    def consent_when(self, obj):
        return when(obj.marketing_consent_at) or "—"

    @admin.display(description=_("merged at"))
    def merged_when(self, obj):
        return when(obj.merged_at) or "—"

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

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        """Consent goes through its service, locked and on the timeline; the other fields only as staff changed them."""
        consent = obj.marketing_consent
        fields = [name for name in form.changed_data if name != "marketing_consent"]
        if not obj.card_number:
            obj.card_number = services.card_number_generate()
            fields.append("card_number")
        if change:
            obj.save(update_fields=fields)  # nothing else changed: nothing written
        else:
            obj.marketing_consent = False
            obj.save()
        if "marketing_consent" in form.changed_data:
            services.customer_set_consent(
                customer=obj, consent=consent, channel="", how="staff", by=request.user.get_username()
            )

    def has_merge_permission(self, request):
        return request.user.has_perm("customers.merge_customer")

    def has_link_permission(self, request):
        return user_role(request.user) == ADMIN

    @admin.action(description=_("Link a web account (admins, with a reason) …"), permissions=["link"])
    def link_account(self, request, queryset):
        customers = list(queryset[:2])
        if len(customers) != 1:
            self.message_user(request, gettext("Select exactly one customer to link an account to."), messages.WARNING)
            return None
        customer = customers[0]
        form = LinkAccountForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                services.customer_link_user_by_staff(
                    customer=customer,
                    user=form.cleaned_data["account"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except LinkRefused as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return None
            self.message_user(
                request,
                gettext("Web account linked to %(customer)s; the reason is on its timeline.")
                % {"customer": label(customer)},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Link a web account"),
            "opts": self.model._meta,
            "customer": customer,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "customers/admin/link_account.html", context)

    @admin.action(description=_("Merge selected customers"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        customers = list(queryset.select_related("user", "home_store").order_by("pk"))
        if len(customers) != 2:
            self.message_user(request, gettext("Select exactly two customers to merge."), messages.WARNING)
            return None
        if request.POST.get("confirm") == "yes":
            survivor_id = request.POST.get("survivor", "")
            by_id = {str(c.pk): c for c in customers}
            if survivor_id not in by_id:
                self.message_user(request, gettext("Choose which profile to keep."), messages.WARNING)
            else:
                survivor = by_id.pop(survivor_id)
                merged = next(iter(by_id.values()))
                try:
                    services.customer_merge(survivor=survivor, merged=merged, actor=request.user)
                except MergeRefused as exc:
                    self.message_user(request, exc.message, messages.ERROR)
                    return None
                self.message_user(
                    request,
                    gettext("%(merged)s was merged into %(survivor)s; nothing was lost.")
                    % {"merged": label(merged), "survivor": label(survivor)},
                    messages.SUCCESS,
                )
                return None
        summary = merge_summary(customers)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge two customers"),
            "opts": self.model._meta,
            "rows": [
                {
                    "customer": c,
                    "card": card_for_reading(c.card_number),
                    "phone": phone_for_reading(c.phone),
                    **summary[c.pk],
                }
                for c in customers
            ],
            "survivor": suggested_survivor(customers),
            "differences": contact_differences(customers),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "both_have_accounts": all(c.user_id for c in customers),
            "any_merged": any(c.merged_into_id for c in customers),
        }
        return TemplateResponse(request, "customers/admin/merge.html", context)
