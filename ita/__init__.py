# Load Celery with Django so @shared_task binds to the project's app.
from ita.celery import app as celery_app

__all__ = ("celery_app",)
