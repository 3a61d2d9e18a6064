"""The staff console for the catalog: categories, products with their variants, and CSV import/export."""

import io
import uuid
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from catalog import csv_io
from catalog.csv_io.format import format_options
from catalog.models import Category, PriceChange, Product, ProductImage, Variant
from catalog.services import catalog_import, price_changes_record, products_set_active
from catalog.templatetags.catalog_tags import money

IMPORT_MAX_BYTES = 20 * 1024 * 1024
# The previewed file waits in the shared cache (not on this host's disk) until staff confirm it.
IMPORT_PREVIEW_SECONDS = 60 * 60
IMPORT_ERRORS_SHOWN = 500
IMPORT_CHANGES_SHOWN = 500


@dataclass(frozen=True)
class ImportChange:
    """One row of the file that would change the catalog: what it is, and each field from → to."""

    kind: str  # "product" or "variant"
    key: str  # slug or SKU
    new: bool
    fields: tuple[tuple[str, str, str], ...] = ()


def _shown(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if field == "price":
        return money(value)
    if isinstance(value, dict):
        return format_options(value)
    return str(value)


def import_changes(plan: csv_io.ImportPlan) -> list[ImportChange]:
    """What a previewed import would do, row by row and field by field (two queries for the current values)."""
    changes = [ImportChange("product", p.slug, True) for p in plan.products_new]
    product_fields = [f for f in plan.product_fields if f != "updated_at"]
    columns = {"category": "category_id"}
    before = {
        row["pk"]: row
        for row in Product.objects.filter(pk__in=[p.pk for p in plan.products_changed]).values(
            "pk", *[columns.get(f, f) for f in product_fields]
        )
    }
    for product in plan.products_changed:
        old = before.get(product.pk, {})
        fields = tuple(
            (f, _shown(f, old.get(columns.get(f, f))), _shown(f, getattr(product, columns.get(f, f))))
            for f in product_fields
            if old.get(columns.get(f, f)) != getattr(product, columns.get(f, f))
        )
        changes.append(ImportChange("product", product.slug, False, fields))
    changes += [ImportChange("variant", v.sku, True) for _, v in plan.variants_new]
    variant_fields = [f for f in plan.variant_fields if f != "product"]
    before = {
        row["pk"]: row
        for row in Variant.objects.filter(pk__in=[v.pk for _, v in plan.variants_changed]).values(
            "pk", "product__slug", *variant_fields
        )
    }
    for slug, variant in plan.variants_changed:
        old = before.get(variant.pk, {})
        fields = [
            (f, _shown(f, old.get(f)), _shown(f, getattr(variant, f)))
            for f in variant_fields
            if old.get(f) != getattr(variant, f)
        ]
        if old.get("product__slug") != slug:
            fields.insert(0, ("product", old.get("product__slug") or "—", slug))
        changes.append(ImportChange("variant", variant.sku, False, tuple(fields)))
    return changes


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position", "product_count", "is_active"]
    list_editable = ["position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    ordering = ["parent__name", "position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description=_("products"), ordering="product_count")
    def product_count(self, obj):
        return obj.product_count


class VariantForm(forms.ModelForm):
    """Checks the barcode's check digit, which the database cannot."""

    class Meta:
        model = Variant
        fields = ["product", "sku", "gtin", "options", "price", "is_active", "position"]

    def clean_gtin(self):
        try:
            return csv_io.parse_gtin((self.cleaned_data.get("gtin") or "").strip())
        except csv_io.CellError as exc:
            raise forms.ValidationError(gettext("GTIN %(problem)s.") % {"problem": exc})

    def save(self, commit=True):
        """A staff price edit goes into the price history (the admin saves inside one transaction)."""
        old = self.initial.get("price")
        variant = super().save(commit=commit)
        if variant.pk and "price" in self.changed_data and old is not None:
            price_changes_record(changes=[(variant.pk, old, variant.price)], source=PriceChange.Source.ADMIN)
        return variant


class VariantInline(admin.TabularInline):
    model = Variant
    form = VariantForm
    fields = ["sku", "gtin", "options", "price", "is_active"]
    extra = 0
    show_change_link = True


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    fields = ["image", "url", "alt_text", "position"]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalog CSV file"),
        help_text=_("UTF-8 CSV, one row per variant, with a header row. Nothing is written until you confirm."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)d MB.") % {"size": IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(gettext("The file is not UTF-8 text; save it as “CSV UTF-8” and try again."))


def _csv_response(products=None) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"catalog-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv_io.catalog_export(stream=response, products=products)
    return response


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category", "variant_count", "is_active", "updated_at"]
    list_filter = ["category", "is_active"]
    list_select_related = ["category"]
    # Django de-duplicates searches across variants with EXISTS, so the variant count stays right.
    search_fields = ["name", "slug", "variants__sku", "variants__gtin"]
    search_help_text = _("Search by product name, slug, variant SKU or GTIN.")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category", "related"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [VariantInline, ProductImageInline]
    actions = ["mark_active", "mark_inactive", "export_selected"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "is_active"]}),
        (_("Goes with"), {"fields": ["related"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(all_variants=Count("variants"))

    @admin.display(description=_("variants"), ordering="all_variants")
    def variant_count(self, obj):
        return obj.all_variants

    @admin.action(description=_("Mark selected products active (shown in the shop)"), permissions=["change"])
    def mark_active(self, request, queryset):
        changed = products_set_active(product_ids=queryset.values_list("pk", flat=True), is_active=True)
        self.message_user(
            request,
            ngettext("%(count)d product marked active.", "%(count)d products marked active.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected products inactive (hidden from the shop)"), permissions=["change"])
    def mark_inactive(self, request, queryset):
        changed = products_set_active(product_ids=queryset.values_list("pk", flat=True), is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d product marked inactive.", "%(count)d products marked inactive.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export selected products as CSV"), permissions=["view"])
    def export_selected(self, request, queryset):
        return _csv_response(Product.objects.filter(pk__in=list(queryset.values_list("pk", flat=True))))

    # -- CSV pages ---------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info)),
            path("export/", self.admin_site.admin_view(self.export_view), name="{}_{}_export".format(*info)),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        if request.user.has_perm(f"{self.opts.app_label}.import_catalog"):
            return True
        return self.has_change_permission(request) and self.has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _csv_response()

    def import_view(self, request):
        """Upload → dry-run preview with every bad row → confirm, which imports the very same file."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form, report, token, changes = CatalogImportForm(), None, "", []
        if request.method == "POST" and "confirm" in request.POST:
            token = request.POST.get("token", "")
            key = _preview_key(request, token)
            content = cache.get(key)
            if content is None:
                self.message_user(
                    request, gettext("That preview has expired; upload the file again."), messages.WARNING
                )
                return redirect("admin:catalog_product_import")
            report = catalog_import(stream=io.StringIO(content, newline=""))
            cache.delete(key)
            if report.ok:
                self.message_user(
                    request, gettext("Catalog imported. %(summary)s") % {"summary": report.summary()}, messages.SUCCESS
                )
                return redirect("admin:catalog_product_changelist")
            token = ""
        elif request.method == "POST":
            form = CatalogImportForm(request.POST, request.FILES)
            if form.is_valid():
                content = form.cleaned_data["file"]
                plan = csv_io.plan_import(io.StringIO(content, newline=""), dry_run=True)
                report = plan.report
                if report.ok:
                    changes = import_changes(plan)
                    token = uuid.uuid4().hex
                    cache.set(_preview_key(request, token), content, IMPORT_PREVIEW_SECONDS)
                form = CatalogImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import catalog CSV"),
            "form": form,
            "report": report,
            "errors_shown": report.errors[:IMPORT_ERRORS_SHOWN] if report else [],
            "errors_hidden": max(0, len(report.errors) - IMPORT_ERRORS_SHOWN) if report else 0,
            "token": token,
            "changes": changes[:IMPORT_CHANGES_SHOWN],
            "changes_hidden": max(0, len(changes) - IMPORT_CHANGES_SHOWN),
            "columns": csv_io.COLUMNS,
            "required_columns": csv_io.REQUIRED_COLUMNS,
            "changelist_url": reverse("admin:catalog_product_changelist"),
        }
        return TemplateResponse(request, "admin/catalog/product/import.html", context)


def _preview_key(request, token: str) -> str:
    return f"catalog:import-preview:{request.user.pk}:{token}"


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    """Variants on their own; inventory re-registers a subclass that adds stock per location."""

    form = VariantForm
    list_display = ["sku", "product", "label", "gtin", "shown_price", "is_active"]
    list_filter = ["is_active", "product__is_active", "product__category"]
    list_select_related = ["product"]
    search_fields = ["sku", "gtin", "product__name"]
    search_help_text = _("Search by SKU, GTIN or product name.")
    autocomplete_fields = ["product"]
    inlines: list = []

    @admin.display(description=_("price"), ordering="price")
    def shown_price(self, obj):
        return money(obj.price)
