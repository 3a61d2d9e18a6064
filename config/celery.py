"""The Celery app: Redis as broker, tasks discovered in every Omnistore app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("omnistore")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
