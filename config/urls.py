from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.api_docs import RedocView, redoc_bundle
from config.views import MOVED_ADMIN_MODELS, bench_trivial, healthz, moved_admin_redirect
from payments.views import stripe_webhook
from storefront.views.language import language_set

admin.site.site_header = format_lazy(_("{shop} staff console"), shop=settings.SHOP_NAME)
admin.site.site_title = format_lazy(_("{shop} staff"), shop=settings.SHOP_NAME)
admin.site.index_title = _("Catalog, stock and customers")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("bench/trivial", bench_trivial, name="bench-trivial"),
    # The most asked for first: each pattern tried before the one that matches costs every request. No route below
    # overlaps another, so the order decides nothing else.
    path("api/v1/", include("config.api_urls")),
    path("", include("storefront.urls")),
    *(
        re_path(
            rf"^admin/{old_app}/(?P<model>{'|'.join(models)})/(?P<rest>.*)$",
            moved_admin_redirect,
            {"old_app": old_app},
            name=f"moved-admin-{old_app}",
        )
        for old_app, models in MOVED_ADMIN_MODELS.items()
    ),
    path("admin/", admin.site.urls),
    path("payments/stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    path("integrations/square/", include("squarepos.urls")),
    path("accounts/", include("allauth.urls")),
    # Django's set_language (the cookie) and the signed-in shopper's profile; pages keep their URLs in every language.
    path("i18n/setlang/", language_set, name="set_language"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the page needs no inline script under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Our own head and bundle: the page loads nothing from another origin (config/api_docs.py).
    path("api/redoc/", RedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/redoc/redoc.standalone.js", redoc_bundle, name="api-redoc-bundle"),
    path("clerk/", include("clerk.urls")),
    # Product and store-stock feeds for Google Merchant Center and Meta Commerce Manager (channels/feeds/).
    path("feeds/", include("channels.feeds.urls")),
]
if settings.SERVE_MEDIA:
    # Development and demo only: uploaded files from MEDIA_ROOT; production serves them from object storage.
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
