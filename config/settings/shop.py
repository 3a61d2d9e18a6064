"""The shop: its name and currency, loyalty, email and SMS, Stripe, checkout, the pickup desk."""

from urllib.parse import urlsplit

from config.settings.base import BASE_DIR, DEBUG, env
from config.settings.helpers import email_file_path, shop_languages

SHOP_NAME = env("SHOP_NAME", default="Omnistore")
SHOP_CURRENCY = env("SHOP_CURRENCY", default="NOK")
SHOP_COUNTRY = env("SHOP_COUNTRY", default="NO")
# The shop's address as shoppers see it (links in emails): the Sites framework's one site is set to its host and
# SHOP_NAME at every migrate (core.receivers); `make run` sets it to the address it serves; `check --deploy` warns
# while production still names a local or example address (core.checks).
SHOP_URL = env.str("SHOP_URL", default="http://localhost:8000" if DEBUG else "https://shop.example.com").rstrip("/")
SHOP_DOMAIN = urlsplit(SHOP_URL).netloc or SHOP_URL

# Languages: what the shop speaks, and its own (a visitor whose browser asks for none of them, messages to a
# customer who never chose). The customer's profile, the language switch's cookie and Accept-Language choose
# among them (storefront.middleware.ShopLanguageMiddleware); translations live in locale/<code>/LC_MESSAGES.
SHOP_LANGUAGE = env("SHOP_LANGUAGE", default="nb").strip().lower()
SHOP_LANGUAGES = env.list("SHOP_LANGUAGES", default=["nb", "en"])
LANGUAGES = shop_languages(SHOP_LANGUAGES, SHOP_LANGUAGE)
SHOP_LANGUAGES = [code for code, _ in LANGUAGES]
LANGUAGE_CODE = SHOP_LANGUAGE
LOCALE_PATHS = [BASE_DIR / "locale"]

# Loyalty: points per currency unit spent (after discounts, without shipping), tiers by rolling 12-month spend.
LOYALTY_POINTS_PER_UNIT = env.float("LOYALTY_POINTS_PER_UNIT", default=1.0)
LOYALTY_TIERS = [("Member", 0), ("Silver", 5000), ("Gold", 15000)]  # (name, 12-month spend from which it applies)
LOYALTY_TIER_MULTIPLIERS = {"Member": 1.0, "Silver": 1.25, "Gold": 1.5}
LOYALTY_REWARD_STEP = env.int("LOYALTY_REWARD_STEP", default=100)  # points per reward step
LOYALTY_REWARD_VALUE_PER_STEP = env("LOYALTY_REWARD_VALUE_PER_STEP", default="1.00")  # currency per step
LOYALTY_REWARD_VALID_DAYS = env.int("LOYALTY_REWARD_VALID_DAYS", default=90)
LOYALTY_POINTS_EXPIRE_MONTHS = env.int("LOYALTY_POINTS_EXPIRE_MONTHS", default=24)
LOYALTY_EXPIRY_REMINDER_DAYS = 30

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

# Square POS (squarepos): off without an access token. SQUARE_BASE_URL overrides the environment (a local fake in
# tests); SQUARE_WEBHOOK_URL is the notification URL exactly as registered in Square, part of every signature.
SQUARE_ACCESS_TOKEN = env("SQUARE_ACCESS_TOKEN", default="")
SQUARE_ENVIRONMENT = env("SQUARE_ENVIRONMENT", default="production")
SQUARE_BASE_URL = env("SQUARE_BASE_URL", default="")
SQUARE_WEBHOOK_SIGNATURE_KEY = env("SQUARE_WEBHOOK_SIGNATURE_KEY", default="")
SQUARE_WEBHOOK_URL = env("SQUARE_WEBHOOK_URL", default="")

# Checkout: minutes an unpaid card order holds its units; flat shipping fee; days a ship-to-store transfer takes.
CHECKOUT_PAYMENT_TIMEOUT = env.int("CHECKOUT_PAYMENT_TIMEOUT", default=30)
SHIPPING_FEE = env.str("SHIPPING_FEE", default="99.00")
SHIP_TO_STORE_DAYS = env.int("SHIP_TO_STORE_DAYS", default=2)

# Product feeds (/feeds/…): public unless FEED_TOKEN is set, then `?token=<FEED_TOKEN>` is required; the brand
# the feeds name when a product has none of its own (the catalog keeps no brands: the shop's own goods).
FEED_TOKEN = env("FEED_TOKEN", default="")
FEED_BRAND = env("FEED_BRAND", default=SHOP_NAME)

# Pickup desk: days a ready order is held, how long before the end the reminder goes, wrong codes allowed.
PICKUP_HOLD_DAYS = env.int("PICKUP_HOLD_DAYS", default=3)
PICKUP_REMINDER_BEFORE = env.int("PICKUP_REMINDER_BEFORE", default=24)  # hours
PICKUP_CODE_ATTEMPTS = env.int("PICKUP_CODE_ATTEMPTS", default=10)  # per clerk; a store allows 3×
PICKUP_CODE_WINDOW = env.int("PICKUP_CODE_WINDOW", default=10)  # minutes
