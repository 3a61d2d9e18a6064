"""Celery: the Redis broker, how tasks are acknowledged, and what beat runs when."""

from celery.schedules import crontab

from config.settings.base import CACHE_KEY_PREFIX, REDIS_URL, TIME_ZONE, env

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
    "replenishment-low-stock-digest": {
        "task": "replenishment.tasks.low_stock_digest_send_all",
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
    "pickup-expire": {"task": "pickup.tasks.pickups_expire", "schedule": 5 * 60},
    "pickup-reminders": {"task": "pickup.tasks.pickup_reminders_send", "schedule": 15 * 60},
    "payments-refunds-due": {"task": "payments.tasks.refunds_send_due", "schedule": 10 * 60},
    "clerk-reader-orders-send": {"task": "clerk.tasks.reader_orders_send", "schedule": 60},
    # Square POS: changed stock levels out within a minute; webhook events whose work is still waiting.
    "squarepos-stock-push": {"task": "squarepos.tasks.square_stock_push", "schedule": 60},
    "squarepos-events-retry": {"task": "squarepos.tasks.square_events_retry_due", "schedule": 60},
}
