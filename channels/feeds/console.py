"""The staff console's *Channel feeds* page: what Google and Meta are given, and what they would refuse."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from channels.feeds.status import feed_rejects, feeds_status

PERMISSION = "catalog.view_product"  # the page lists the catalog's items; staff who may read it may see the feeds


def may_see_feeds(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


def feeds_page(request, *, admin_site):
    """Each feed's address, item count and last fetch, and the items a channel would refuse (with links to fix them)."""
    if not may_see_feeds(request.user):
        raise PermissionDenied
    total, rejects = feed_rejects()
    context = {
        **admin_site.each_context(request),
        "title": _("Channel feeds"),
        "feeds": feeds_status(),
        "rejects": rejects,
        "rejects_total": total,
        "may_change_products": request.user.has_perm("catalog.change_product"),
    }
    return TemplateResponse(request, "admin/channels/feeds.html", context)
