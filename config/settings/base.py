"""Django core: the environment, hosts, apps, middleware, templates, database, cache, auth, static files."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

# The repository root: config/settings/base.py is three levels below it.
BASE_DIR = Path(__file__).resolve().parent.parent.parent

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
    "rest_framework.authtoken",  # only for the migration history; API keys are core.ApiKey
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
    "transfers",
    "replenishment",
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
    "squarepos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.public.PublicPageMiddleware",  # a public page answered again while current: before the rest
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ApiJsonErrorsMiddleware",
    "core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "storefront.middleware.ShopLanguageMiddleware",  # the profile's, the switch's, the browser's or the shop's
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
    # Fail fast when the database is gone (a request waits this long for a connection, then errors).
    _pool_timeout = env.float("DATABASE_POOL_TIMEOUT", default=2.0)
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=1),
        "max_size": env.int("DATABASE_POOL_MAX", default=20),
        "timeout": _pool_timeout,
        # A failed connection attempt is retried in the background for half a request's wait, then left to
        # the next request, which tries at once. psycopg_pool's default retries for 5 minutes at 1, 2, 4, 8 …
        # second intervals: after an outage its next try could come 15 s after the database was back.
        "reconnect_timeout": _pool_timeout / 2,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # With the pool, Django passes psycopg_pool's check_connection: a connection that a database restart
    # has killed is dropped when taken from the pool instead of failing the request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# /healthz opens its own connection, outside the pool, and gives up after this long: a probe answers in time
# while the database is down, however many requests wait for the pool.
HEALTHZ_DATABASE_TIMEOUT = env.float("HEALTHZ_DATABASE_TIMEOUT", default=0.5)
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
# Sessions live in the database, read through the shared cache (cached_db, read with a page's other first reads:
# storefront.sessions): a signed-in page asks PostgreSQL one query less, and with Redis down the database has them.
SESSION_ENGINE = "storefront.sessions"

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
LOGIN_REDIRECT_URL = "storefront:account"
SITE_ID = 1

# The shop's languages (LANGUAGES, LANGUAGE_CODE, LOCALE_PATHS) are in config/settings/shop.py.
TIME_ZONE = env("TIME_ZONE", default="Europe/Oslo")
USE_I18N = True
USE_TZ = True

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

# /bench/trivial (the stack's ceiling for `make bench`) exists only where the benchmark turns it on.
BENCH_TRIVIAL_VIEW = env.bool("BENCH_TRIVIAL_VIEW", default=False)
