"""Each staff member's home store, on the user page."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from inventory.models import StaffProfile


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    fk_name = "user"
    can_delete = True
    verbose_name = _("staff profile")
    verbose_name_plural = _("staff profile (home store)")
    max_num = 1


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [*BaseUserAdmin.inlines, StaffProfileInline]
    list_select_related = ["staff_profile__home_location"]
    list_display = [*BaseUserAdmin.list_display, "home_store"]

    @admin.display(description=_("Home store"))
    def home_store(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.home_location if profile else "—"
