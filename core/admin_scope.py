"""The per-store rule (core.store_scope) in the staff console, for every admin of something kept at a store."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.db.models import ForeignKey
from django.utils.translation import gettext

from core import store_scope


class StoreScopedAdmin:
    """Mixed in before ModelAdmin. `store_field` is the lookup from the model to its Location ("location",
    "order__location", "pk" for a location itself), or several, any of which makes it the store's (a transfer is
    its source's and its destination's). Staff read their own store's objects, or every store's with see_anywhere;
    they change, delete and run actions only on their own store's, or anywhere with act_anywhere. Another store's
    object is not found (read scope) or read-only and answers 403 to a POST (act scope); an action leaves it alone
    and says so."""

    store_field: str | tuple[str, ...] = "location"
    # False where every store's records are public anyway (the stores' own addresses and hours): only acting is scoped.
    store_scopes_reads = True

    @classmethod
    def store_paths(cls) -> tuple[str, ...]:
        return (cls.store_field,) if isinstance(cls.store_field, str) else tuple(cls.store_field)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.store_scopes_reads:
            return queryset
        return store_scope.scope_seen(queryset, user=request.user, paths=self.store_paths())

    def store_may_see(self, request, obj) -> bool:
        return not self.store_scopes_reads or store_scope.may_see(request.user, obj, paths=self.store_paths())

    def store_may_act(self, request, obj) -> bool:
        return store_scope.may_act_on(request.user, obj, paths=self.store_paths())

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or self.store_may_see(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.store_may_act(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self.store_may_act(request, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A new or moved object goes only to a store where the user may act (where it has one store: a transfer's
        two ends follow can_draft_transfer instead)."""
        if (
            isinstance(db_field, ForeignKey)
            and db_field.related_model._meta.label == store_scope.LOCATION_MODEL
            and db_field.name == self.store_field
            and not store_scope.acts_everywhere(request.user)
        ):
            home = store_scope.home_location_id(request.user)
            kwargs["queryset"] = kwargs.get("queryset", db_field.related_model._default_manager.all()).filter(pk=home)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        """An action reaches only the chosen objects at a store where the user may act; the others are left alone."""
        if store_scope.acts_everywhere(request.user):
            return super().response_action(request, queryset)
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        across = request.POST.get("select_across") == "1"
        if not selected and not across:
            return super().response_action(request, queryset)  # Django's own "Items must be selected"
        mine = store_scope.scope_acted(queryset, user=request.user, paths=self.store_paths())
        if across:
            left = mine.count()
            others = queryset.count() - left
        else:
            # Chosen but not theirs to change: another store's, out of their sight, or gone since the list was shown.
            left = mine.filter(pk__in=selected).count()
            others = len(set(selected)) - left
        if others:
            self.message_user(
                request,
                gettext("Not your store: %(count)d of the chosen %(objects)s left as they are.")
                % {"count": others, "objects": self.model._meta.verbose_name_plural},
                messages.WARNING,
            )
        if not left:
            return None
        return super().response_action(request, mine)


class StoreScopedInline:
    """An inline of a per-store model under something that is not (a variant's stock per location): only the rows
    of the stores the user may read."""

    store_field = "location"

    def get_queryset(self, request):
        paths = (self.store_field,)
        return store_scope.scope_seen(super().get_queryset(request), user=request.user, paths=paths)
