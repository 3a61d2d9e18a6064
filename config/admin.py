"""The staff console's site: Django's admin with the day at a glance on its front page."""

from django.contrib import admin


class StaffAdminSite(admin.AdminSite):
    """The index page gets the dashboard's figures (config.dashboard); the rest is Django's admin as it is."""

    def index(self, request, extra_context=None):
        # Imported here: the admin site is built while the apps' admin modules load, before they are all importable.
        from config.dashboard import dashboard_build

        context = {"dashboard": dashboard_build(user=request.user), **(extra_context or {})}
        return super().index(request, extra_context=context)
