"""The REST API: Django REST framework, its throttles and limits, the drf-spectacular schema."""

from config.settings.base import TRUSTED_PROXY_COUNT, env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["core.api_filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 24,
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "120/min",
        "user": "600/min",
        "lookup": "120/min",
        "profile_change": env("API_PROFILE_CHANGE_RATE", default="10/hour"),
        "login": env("API_LOGIN_RATE_LIMIT", default="10/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Omnistore API",
    "DESCRIPTION": "One catalog, one stock ledger, one customer — for the POS, the app and marketplaces.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per set of choices, so the app and the tills get stable enum types in generated clients.
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.Order.Status",
        "OrderFulfilmentEnum": "orders.models.Order.Fulfilment",
        "PickupStatusEnum": "pickup.models.Pickup.Status",
        "TransferStatusEnum": "transfers.models.Transfer.Status",
        "OnlineFulfilmentEnum": ["pickup", "ship"],
        "ChannelOrderStatusEnum": ["picking", "ready", "shipped", "completed"],
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.api_schema.add_error_component"],
    # Swagger UI and Redoc from our own static files (drf-spectacular-sidecar): no CDN next to session auth.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# A person's API keys: one per device or app sign-in; the app's roll on use, staff devices' end after the period.
# A till's or marketplace's key lives until it is revoked.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
# Bad input is refused before the database: a quantity above this is a 400, a JSON body nested deeper too.
MAX_QUANTITY = env.int("MAX_QUANTITY", default=100_000)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=32)
