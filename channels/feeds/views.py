"""The three feed addresses. Public unless FEED_TOKEN is set; every answer is built by channels.feeds.http."""

from django.views.decorators.http import require_safe

from channels.feeds.http import FEEDS, feed_serve


@require_safe
def google_products(request):
    return feed_serve(request, FEEDS["google-products"])


@require_safe
def google_local_inventory(request):
    return feed_serve(request, FEEDS["google-local"])


@require_safe
def meta_products(request):
    return feed_serve(request, FEEDS["meta-products"])
