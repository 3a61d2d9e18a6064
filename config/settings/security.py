"""Security: shopper accounts and their rate limits, HTTPS and headers, the CSP, the login lockout, logging."""

from csp import constants as csp

from config.settings.base import DEBUG, env
from config.settings.shop import SHOP_NAME, STRIPE_PUBLISHABLE_KEY

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
LANGUAGE_COOKIE_SECURE = not DEBUG  # the language switch's cookie; only the server reads it
LANGUAGE_COOKIE_HTTPONLY = True
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
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE, *STRIPE_JS, *env.list("CSP_EXTRA_SCRIPT_SRC", default=[])],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:", "https:"],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [
            csp.SELF,
            *(["https://api.stripe.com"] if STRIPE_JS else []),
            *env.list("CSP_EXTRA_CONNECT_SRC", default=[]),
        ],
        "frame-src": [
            csp.SELF,
            *([*STRIPE_JS, "https://hooks.stripe.com"] if STRIPE_JS else []),
            *env.list("CSP_EXTRA_FRAME_SRC", default=[]),
        ],
        "worker-src": [csp.SELF, "blob:"],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
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
