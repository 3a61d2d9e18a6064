"""The staff console's site: Django's admin with the day at a glance on its front page."""

from django.contrib import admin
from django.urls import path


class StaffAdminSite(admin.AdminSite):
    """The index page gets the dashboard's figures (config.dashboard) and a link to the channel feeds' page
    (channels.feeds.console, at /admin/channel-feeds/); log-in is paused for a client address after too many
    failures (config.admin_login); the rest is Django's admin as it is."""

    def index(self, request, extra_context=None):
        # Imported here: the admin site is built while the apps' admin modules load, before they are all importable.
        from channels.feeds.console import may_see_feeds
        from config.dashboard import dashboard_build

        context = {
            "dashboard": dashboard_build(user=request.user),
            "shows_feeds": may_see_feeds(request.user),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)

    def login(self, request, extra_context=None):
        # allauth limits shopper log-ins; staff log-ins at /admin/login/ get the same protection here.
        from config.admin_login import admin_login_rate_limited

        return admin_login_rate_limited(super().login)(request, extra_context)

    def get_urls(self):
        from channels.feeds.console import feeds_page

        def feeds(request):
            return feeds_page(request, admin_site=self)

        return [path("channel-feeds/", self.admin_view(feeds), name="channel_feeds"), *super().get_urls()]
