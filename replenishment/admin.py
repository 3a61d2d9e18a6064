"""The reorder page of the stock list: suggestions one page at a time, as CSV, or drafted as warehouse transfers.

The page belongs to the stock levels' admin, at the address it has always had (/admin/inventory/stocklevel/reorder/,
named admin:inventory_stocklevel_reorder): this app registers inventory's StockLevelAdmin again with the page added.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from core import store_scope
from core.csv_safety import csv_writer
from core.validators import is_ascii_digits
from inventory.admin import ALL_LOCATIONS, BelowReorderPointFilter
from inventory.admin.stock import StockLevelAdmin as InventoryStockLevelAdmin
from inventory.exceptions import InventoryError
from inventory.models import Location, StockLevel
from inventory.services import StockLine
from replenishment.forms import ReorderTransferForm
from replenishment.selectors import NEEDS_REORDER_DAYS, levels_needing_reorder, reorder_suggestions
from transfers import permissions as transfer_permissions
from transfers.services import transfer_create

REORDER_PER_PAGE = 50
NEEDED = "needed"


class ReorderFilter(BelowReorderPointFilter):
    """The reorder point filter, with what needs ordering now (the front page's "Low stock")."""

    def lookups(self, request, model_admin):
        needed = ngettext(
            "Needs reordering (sold in the last %(days)d day)",
            "Needs reordering (sold in the last %(days)d days)",
            NEEDS_REORDER_DAYS,
        ) % {"days": NEEDS_REORDER_DAYS}
        return [(NEEDED, needed), *super().lookups(request, model_admin)]

    def queryset(self, request, queryset):
        if self.value() == NEEDED:
            return queryset.filter(pk__in=levels_needing_reorder().order_by().values("pk"))
        return super().queryset(request, queryset)


class StockLevelAdmin(InventoryStockLevelAdmin):
    """Inventory's stock levels with the reorder page, linked from their list."""

    change_list_template = "admin/replenishment/stocklevel_change_list.html"
    list_filter = [ReorderFilter if f is BelowReorderPointFilter else f for f in InventoryStockLevelAdmin.list_filter]

    def get_urls(self):
        return [
            path("reorder/", self.admin_site.admin_view(self.reorder_view), name="inventory_stocklevel_reorder"),
            *super().get_urls(),
        ]

    def reorder_view(self, request):
        """Reorder suggestions, fast movers first, one page at a time; as CSV; or drafted as a warehouse transfer."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        home = store_scope.home_location_id(request.user)
        locations = list(Location.objects.filter(is_active=True))
        wanted = request.GET.get("location")
        if not store_scope.sees_everywhere(request.user):
            # Staff who read only their own store's stock get its suggestions only.
            locations = [loc for loc in locations if loc.pk == home]
            wanted = str(home)
        elif wanted is None:
            wanted = str(home) if home is not None else ALL_LOCATIONS
        location = next((loc for loc in locations if str(loc.pk) == wanted), None)
        if location is None and not store_scope.sees_everywhere(request.user):
            raise PermissionDenied
        typed = request.GET.get("days", "")
        days = min(max(int(typed), 1), 365) if is_ascii_digits(typed) else 30
        suggestions = reorder_suggestions(location=location, days=days)
        if request.method == "POST":
            return self._reorder_transfer(request, suggestions)
        if request.GET.get("format") == "csv":
            return _reorder_csv(suggestions, location=location)
        fastest = max((s.velocity for s in suggestions), default=0) or 1
        page = Paginator(suggestions, REORDER_PER_PAGE).get_page(request.GET.get("page"))
        rows = [(s, round(100 * s.velocity / fastest)) for s in page.object_list]
        query = {"location": str(location.pk) if location else ALL_LOCATIONS, "days": days}
        may_send = transfer_permissions.may(request.user, transfer_permissions.SEND)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Reorder suggestions"),
            "rows": rows,
            "page": page,
            "total": len(suggestions),
            "locations": locations,
            "every_location": store_scope.sees_everywhere(request.user),
            "location": location,
            "days": days,
            "query": urlencode(query),
            "csv_url": "?" + urlencode({**query, "format": "csv"}),
            "transfer_form": ReorderTransferForm() if may_send else None,
        }
        return TemplateResponse(request, "admin/replenishment/reorder.html", context)

    def _reorder_transfer(self, request, suggestions):
        """Draft one transfer from the chosen warehouse to each store of the selected lines, at the suggested quantity."""
        back = request.get_full_path()
        form = ReorderTransferForm(request.POST)
        chosen = set(request.POST.getlist("level"))
        picked = [s for s in suggestions if str(s.stock_level.pk) in chosen]
        if not form.is_valid() or not picked:
            self.message_user(request, gettext("Choose a warehouse and at least one line."), messages.WARNING)
            return redirect(back)
        source = form.cleaned_data["source"]
        by_destination: dict[int, list] = {}
        for suggestion in picked:
            by_destination.setdefault(suggestion.location.pk, []).append(suggestion)
        for lines in by_destination.values():
            destination = lines[0].location
            if not transfer_permissions.can_draft_transfer(request.user, source=source, destination=destination):
                self.message_user(
                    request, gettext("%(store)s: not your store.") % {"store": destination.name}, messages.ERROR
                )
                continue
            try:
                transfer = transfer_create(
                    source=source,
                    destination=destination,
                    lines=[StockLine(s.stock_level.variant_id, s.suggested_quantity) for s in lines],
                    note="Drafted from the reorder page",
                    actor=request.user,
                )
            except InventoryError as exc:
                self.message_user(request, f"{destination.name}: {exc.message}", messages.ERROR)
                continue
            url = reverse("admin:transfers_transfer_change", args=[transfer.pk])
            self.message_user(
                request,
                format_html(
                    ngettext(
                        '<a href="{url}">{transfer}</a> drafted with {count} line; ship it from {source}.',
                        '<a href="{url}">{transfer}</a> drafted with {count} lines; ship it from {source}.',
                        len(lines),
                    ),
                    url=url,
                    transfer=transfer,
                    count=len(lines),
                    source=source.name,
                ),
                messages.SUCCESS,
            )
        return redirect(back)


def _reorder_csv(suggestions, *, location: Location | None) -> HttpResponse:
    """The reorder suggestions as a spreadsheet for the buyer."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    where = location.code if location else "all"
    response["Content-Disposition"] = f'attachment; filename="reorder-{where}-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = csv_writer(response)
    writer.writerow(
        ["sku", "product", "location", "sold", "days", "sellable", "in_transit", "reorder_point", "suggested_quantity"]
    )
    for s in suggestions:
        level = s.stock_level
        writer.writerow(
            [
                s.sku,
                level.variant.product.name,
                s.location.code,
                s.sold,
                s.days,
                level.available_in_store,
                s.in_transit,
                level.reorder_point,
                s.suggested_quantity,
            ]
        )
    return response


admin.site.unregister(StockLevel)
admin.site.register(StockLevel, StockLevelAdmin)
