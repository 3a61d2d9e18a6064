"""Omnistore settings: every value comes from the environment, with a safe development default."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from core.settings_helpers import email_file_path

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A development checkout keeps its defaults in .env (written by `make install`, never committed); variables
# set in the real environment always win, and production has no .env at all.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a fixed key so sessions survive a restart of `make run`.
    SECRET_KEY = "dev-only-insecure-key-omnistore-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105

# How many reverse proxies in front of the app append to X-Forwarded-For (0: clients connect directly, the
# header is ignored). Every client-IP reader (DRF throttles, allauth, the admin and account lockouts) uses it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Cached shop pages carry no token; without JavaScript their forms are confirmed once (storefront.views.csrf).
CSRF_FAILURE_VIEW = "storefront.views.csrf.csrf_failure"

INSTALLED_APPS = [
    "config.apps.StaffAdminConfig",  # django.contrib.admin with the dashboard on its index (config/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sites",
    "rest_framework",
    "rest_framework.authtoken",  # only for the migration history; API tokens are customers.ApiToken
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "allauth",
    "allauth.account",
    "axes",
    "core",
    "catalog",
    "inventory",
    "customers",
    "loyalty",
    "orders",
    "payments",
    "pickup",
    "channels",
    "returns",
    "marketing",
    "storefront",
    "clerk",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ApiJsonErrorsMiddleware",
    "core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.AdminChangelistGuardMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "storefront.context_processors.shop",
            ],
        },
    },
]

# PostgreSQL is the only database. The psycopg 3 pool keeps connections warm
# inside one process; turn it off (DATABASE_POOL=0) behind an external pooler.
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/omnistore")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Omnistore runs on PostgreSQL only: DATABASE_URL must be postgres://…")
if env.bool("DATABASE_POOL", default=True):
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=1),
        "max_size": env.int("DATABASE_POOL_MAX", default=20),
        # Fail fast when the database is gone (a request waits this long for a connection, then errors).
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=2.0),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # With the pool, Django passes psycopg_pool's check_connection: a connection that a database restart
    # has killed is dropped when taken from the pool instead of failing the request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="omnistore")
CACHES = {
    "default": {
        # Django's RedisCache that reads as empty while Redis is down (see core/cache.py).
        "BACKEND": "core.cache.FaultTolerantRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "TIMEOUT": 300,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }
}
if env("CACHE_URL", default=""):
    # e.g. locmemcache:// for a laptop without Redis; production keeps the shared Redis cache.
    CACHES["default"] = {**env.cache_url("CACHE_URL"), "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"]}
# Sessions live in the database, read through the shared cache: a signed-in page asks PostgreSQL one query less,
# and with Redis down the database still has them.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "customers.lockout.LockoutBackend",
    "customers.auth.ModelBackend",
    "customers.auth.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "customers:account"
SITE_ID = 1

LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", default="Europe/Oslo")
USE_I18N = True
USE_TZ = True

SHOP_NAME = env("SHOP_NAME", default="Omnistore")
SHOP_CURRENCY = env("SHOP_CURRENCY", default="NOK")
SHOP_COUNTRY = env("SHOP_COUNTRY", default="NO")
# The shop's host name as shoppers see it (links in emails); the Sites framework's one site follows it and SHOP_NAME.
SHOP_DOMAIN = env("SHOP_DOMAIN", default="localhost:8000" if DEBUG else "shop.example.com")

# Loyalty: points per currency unit spent (after discounts, without shipping), tiers by rolling 12-month spend.
LOYALTY_POINTS_PER_UNIT = env.float("LOYALTY_POINTS_PER_UNIT", default=1.0)
LOYALTY_TIERS = [("Member", 0), ("Silver", 5000), ("Gold", 15000)]  # (name, 12-month spend from which it applies)
LOYALTY_TIER_MULTIPLIERS = {"Member": 1.0, "Silver": 1.25, "Gold": 1.5}
LOYALTY_REWARD_STEP = env.int("LOYALTY_REWARD_STEP", default=100)  # points per reward step
LOYALTY_REWARD_VALUE_PER_STEP = env("LOYALTY_REWARD_VALUE_PER_STEP", default="1.00")  # currency per step
LOYALTY_REWARD_VALID_DAYS = env.int("LOYALTY_REWARD_VALID_DAYS", default=90)
LOYALTY_POINTS_EXPIRE_MONTHS = env.int("LOYALTY_POINTS_EXPIRE_MONTHS", default=24)
LOYALTY_EXPIRY_REMINDER_DAYS = 30

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Let Django serve MEDIA_ROOT itself (the demo's product pictures under `make run`); never in production.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: console in development, smtp://… or filemail:///path in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
if env("EMAIL_URL", default="").startswith("filemail:"):
    EMAIL_FILE_PATH = email_file_path(env("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Omnistore <shop@omnistore.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env("SMS_BACKEND", default="customers.sms.ConsoleSmsBackend")

# Payments: the official stripe library; STRIPE_API_BASE points it at a local fake in tests.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")

# Checkout: minutes an unpaid card order holds its units; flat shipping fee; days a ship-to-store transfer takes.
CHECKOUT_PAYMENT_TIMEOUT = env.int("CHECKOUT_PAYMENT_TIMEOUT", default=30)
SHIPPING_FEE = env.str("SHIPPING_FEE", default="99.00")
SHIP_TO_STORE_DAYS = env.int("SHIP_TO_STORE_DAYS", default=2)

# Celery: Redis as broker; tasks run inline when CELERY_TASK_ALWAYS_EAGER is set.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
# Two instances on one Redis must not run each other's tasks: broker keys carry the cache's prefix.
CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": env("CELERY_BROKER_KEY_PREFIX", default=f"{CACHE_KEY_PREFIX}:")}
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "inventory-low-stock-digest": {
        "task": "inventory.tasks.low_stock_digest_send_all",
        "schedule": 60 * 60,  # hourly check; each store's digest goes out once a day
    },
    "inventory-reservations-expire": {
        "task": "inventory.tasks.reservations_expire",
        "schedule": 5 * 60,  # holds with an expiry (unpaid card orders, uncollected pickups)
    },
    "core-outbox-drain": {
        "task": "core.tasks.outbox_drain",
        "schedule": 60,  # messages whose task was lost (broker down) or whose send failed
    },
    "orders-expire-unpaid": {"task": "orders.tasks.orders_expire_unpaid", "schedule": 60},
    "loyalty-points-expire": {"task": "loyalty.tasks.points_expire_all", "schedule": 60 * 60 * 6},
    "loyalty-expiry-reminders": {"task": "loyalty.tasks.expiry_reminders_send_all", "schedule": 60 * 60 * 6},
    # Customer emails: each is keyed per customer and period, so a beat that runs twice sends nothing twice.
    "marketing-bought-together": {
        "task": "marketing.tasks.bought_together_refresh",
        "schedule": crontab(hour=3, minute=15),
    },
    "marketing-back-in-stock": {"task": "marketing.tasks.wishlist_back_in_stock", "schedule": 60 * 60},
    "marketing-price-drop": {"task": "marketing.tasks.wishlist_price_drop", "schedule": crontab(hour=9, minute=0)},
    "marketing-after-purchase": {"task": "marketing.tasks.after_purchase", "schedule": 60 * 60},
    "marketing-personal-picks": {
        "task": "marketing.tasks.personal_picks_schedule",
        "schedule": crontab(day_of_week="thu", hour=8, minute=0),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "channels.authentication.DeviceClientAuthentication",
        "customers.authentication.DeviceTokenAuthentication",
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
        "TransferStatusEnum": "inventory.models.Transfer.Status",
        "OnlineFulfilmentEnum": ["pickup", "ship"],
        "ChannelOrderStatusEnum": ["picking", "ready", "shipped", "completed"],
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.api_schema.add_error_component"],
    # Swagger UI and Redoc from our own static files (drf-spectacular-sidecar): no CDN next to session auth.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Shopper accounts (django-allauth): log in by email, verified email required.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SHOP_NAME}] "
ACCOUNT_ADAPTER = "customers.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "storefront.forms.SignupForm"}  # adds the marketing consent box
ACCOUNT_USER_DISPLAY = "customers.adapters.user_display"  # the name or email, never the generated username
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip",  # the per-account part is the shared lockout below
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}

# Security: strict in production; `manage.py check --deploy` passes with DEBUG=0.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy (django-csp 4): scripts only from this origin (or with the request's nonce,
# request.csp_nonce); inline styles stay allowed for the admin's and the API docs' <style> blocks; product
# images may come from any https host. CSP_EXTRA_SCRIPT_SRC etc. add hosts (e.g. a payment provider's).
# Stripe.js (the Payment Element) only when card payment is set up: its script, its frames, its API.
STRIPE_JS = ["https://js.stripe.com", "https://*.js.stripe.com"] if STRIPE_PUBLISHABLE_KEY else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, *STRIPE_JS, *env.list("CSP_EXTRA_SCRIPT_SRC", default=[])],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [
            SELF,
            *(["https://api.stripe.com"] if STRIPE_JS else []),
            *env.list("CSP_EXTRA_CONNECT_SRC", default=[]),
        ],
        "frame-src": [
            SELF,
            *([*STRIPE_JS, "https://hooks.stripe.com"] if STRIPE_JS else []),
            *env.list("CSP_EXTRA_FRAME_SRC", default=[]),
        ],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Failed pickup-code and clerk lookups are capped in the database, too; these are the cache-side limits.
LOGIN_RATE_LIMIT = env("LOGIN_RATE_LIMIT", default="10/5m")

# Per-account lockout (django-axes, in the database): shop, admin and API token logins share one count,
# LOGIN_RATE_LIMIT failures per period lock the account for the period. Per-IP limits stay with each surface.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "customers.lockout.account_key"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_FAILURE_LIMIT = "customers.lockout.failure_limit"
AXES_COOLOFF_TIME = "customers.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "customers.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
# W006 warns about keying on username alone; ours is the account (not user agent or cookie), and the per-IP
# limits are allauth's, DRF's and the admin's, on the same client address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# API tokens: one per device or app sign-in; the app's roll on use, staff devices' end after the period.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
# Bad input is refused before the database: a quantity above this is a 400, a JSON body nested deeper too.
MAX_QUANTITY = env.int("MAX_QUANTITY", default=100_000)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=32)

# /bench/trivial (the stack's ceiling for `make bench`) exists only where the benchmark turns it on.
BENCH_TRIVIAL_VIEW = env.bool("BENCH_TRIVIAL_VIEW", default=False)

LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        # Every record formatted as JSON (extras included) and dropped; a bad log call raises (the tests' output).
        "discard": {"class": "core.logsink.FormatAndDiscard", "formatter": "json"},
    },
    "root": {"handlers": [env("LOG_OUTPUT", default="console")], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Pickup desk: days a ready order is held, how long before the end the reminder goes, wrong codes allowed.
PICKUP_HOLD_DAYS = env.int("PICKUP_HOLD_DAYS", default=3)
PICKUP_REMINDER_BEFORE = env.int("PICKUP_REMINDER_BEFORE", default=24)  # hours
PICKUP_CODE_ATTEMPTS = env.int("PICKUP_CODE_ATTEMPTS", default=10)  # per clerk; a store allows 3×
PICKUP_CODE_WINDOW = env.int("PICKUP_CODE_WINDOW", default=10)  # minutes
CELERY_BEAT_SCHEDULE |= {
    "pickup-expire": {"task": "pickup.tasks.pickups_expire", "schedule": 5 * 60},
    "pickup-reminders": {"task": "pickup.tasks.pickup_reminders_send", "schedule": 15 * 60},
    "pickup-refunds": {"task": "pickup.tasks.pickup_refunds_complete", "schedule": 10 * 60},
}
