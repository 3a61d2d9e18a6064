"""Customer segments in the staff console: counts, filters, CSV export, and a preview of every customer email.

Registered from OrdersConfig.ready() so the orders admin module stays the orders' own.
"""

from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.models import PriceChange, ProductImage
from core.admin import ReadOnlyAdmin
from core.csv_safety import csv_writer
from core.emails import site_url
from customers.models import WishlistItem
from marketing import emails as marketing_emails
from marketing.models import CustomerSegment, MarketingEmail
from marketing.recommendations import order_product_ids, recommendations_for_customer
from marketing.segments import Segment, customers_in_segment, segment_counts
from marketing.services import personal_pick_send, week_key
from orders.models import Order

PREVIEW_ITEMS = 4


class SegmentFilter(admin.SimpleListFilter):
    title = _("segment")
    parameter_name = "segment"

    def lookups(self, request, model_admin):
        return Segment.choices

    def queryset(self, request, queryset):
        if self.value() in Segment.values:
            return customers_in_segment(segment=self.value(), now=timezone.now(), queryset=queryset)
        return queryset


def email_preview(*, customer, kind: str):
    """Build one of the customer emails for `customer` from what we know now, without sending or recording it."""
    base_url = site_url()
    images = Prefetch("variant__product__images", queryset=ProductImage.objects.order_by("position", "pk"))
    wished = list(
        WishlistItem.objects.filter(customer=customer)
        .select_related("variant__product")
        .prefetch_related(images)
        .order_by("-added_at")[:PREVIEW_ITEMS]
    )
    if kind == MarketingEmail.Kind.BACK_IN_STOCK:
        home = customer.home_store.name if customer.home_store else ""
        where = marketing_emails.stock_where(home=home)
        return marketing_emails.back_in_stock_email(
            customer=customer, variants=[(w.variant, where) for w in wished], base_url=base_url
        )
    if kind == MarketingEmail.Kind.PRICE_DROP:
        before = dict(
            PriceChange.objects.filter(variant__in=[w.variant for w in wished])
            .order_by("variant_id", "-changed_at")
            .distinct("variant_id")
            .values_list("variant_id", "old_price")
        )
        drops = [(w.variant, before.get(w.variant_id) or w.variant.price * Decimal("1.2")) for w in wished]
        return marketing_emails.price_drop_email(customer=customer, drops=drops, base_url=base_url)
    if kind == MarketingEmail.Kind.AFTER_PURCHASE:
        order = Order.objects.filter(customer=customer, status=Order.Status.COMPLETED).order_by("-placed_at").first()
        seeds = order_product_ids(order=order) if order else set()
        picks = recommendations_for_customer(customer=customer, seed_product_ids=seeds, include_wishlist=False)
        return marketing_emails.after_purchase_email(
            customer=customer, order=order, variants=[p.variant for p in picks], base_url=base_url
        )
    if kind == MarketingEmail.Kind.PERSONAL_PICK:
        picks = recommendations_for_customer(customer=customer)
        return marketing_emails.personal_pick_email(
            customer=customer, variants=[p.variant for p in picks], base_url=base_url
        )
    raise Http404(gettext("No such email."))


@admin.register(CustomerSegment)
class CustomerSegmentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    change_list_template = "admin/marketing/customersegment/change_list.html"
    list_display = ["display_name", "email", "home_store", "marketing_consent", "previews"]
    list_select_related = ["home_store"]
    list_filter = [SegmentFilter, "home_store", "marketing_consent"]
    search_fields = ["email", "first_name", "last_name", "card_number"]
    actions = ["export_csv"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(merged_into__isnull=True)

    @admin.display(description=_("Preview emails"))
    def previews(self, obj):
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:marketing_customersegment_preview", args=[obj.pk, kind]), label)
                for kind, label in MarketingEmail.Kind.choices
            ),
        )

    def changelist_view(self, request, extra_context=None):
        counts = segment_counts(now=timezone.now())
        segments = [{"value": value, "label": label, "count": counts[value]} for value, label in Segment.choices]
        return super().changelist_view(request, {**(extra_context or {}), "segments": segments})

    @admin.action(description=_("Export selected customers as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        segment = request.GET.get("segment", "customers")
        response["Content-Disposition"] = f'attachment; filename="segment-{segment}.csv"'
        writer = csv_writer(response)
        writer.writerow(["email", "first_name", "last_name", "phone", "card_number", "home_store", "marketing_consent"])
        for c in queryset.select_related("home_store").order_by("pk").iterator(chunk_size=2000):
            home = c.home_store.code if c.home_store else ""
            writer.writerow(
                [c.email or "", c.first_name, c.last_name, c.phone or "", c.card_number, home, c.marketing_consent]
            )
        return response

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/<str:kind>/", preview, name="marketing_customersegment_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int, kind: str):
        """Staff see the email as the customer would; the weekly pick can be sent from here at once."""
        if not self.has_view_permission(request):
            raise Http404
        customer = get_object_or_404(CustomerSegment.objects.select_related("home_store"), pk=pk)
        if kind not in MarketingEmail.Kind.values:
            raise Http404(gettext("No such email."))
        if request.method == "POST" and kind == MarketingEmail.Kind.PERSONAL_PICK:
            if personal_pick_send(customer_id=customer.pk, key=week_key(timezone.now()), force=True):
                self.message_user(
                    request,
                    gettext("The personal pick is on its way to %(email)s.") % {"email": customer.email},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request, gettext("Not sent: no marketing consent, no email, or nothing to pick."), messages.WARNING
                )
            return redirect(request.path)
        message = email_preview(customer=customer, kind=kind)
        html = next((content for content, mime in message.alternatives if mime == "text/html"), "")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(email)s for %(customer)s")
            % {"email": MarketingEmail.Kind(kind).label, "customer": customer.display_name},
            "opts": self.model._meta,
            "customer": customer,
            "kind": kind,
            "kinds": MarketingEmail.Kind.choices,
            "message": message,
            "html": html,
            "can_send": kind == MarketingEmail.Kind.PERSONAL_PICK,
        }
        return TemplateResponse(request, "admin/marketing/customersegment/preview.html", context)
