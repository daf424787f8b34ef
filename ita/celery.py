"""Celery for production: workers on any machine, Redis as broker (ITA_CELERY_BROKER_URL).
The embedded default has no broker: tasks run in-process, eagerly, so nothing needs a worker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita.settings")

app = Celery("ita")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
