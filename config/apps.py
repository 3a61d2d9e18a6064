"""The admin app with the staff console's own site class."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "config.admin.StaffAdminSite"
