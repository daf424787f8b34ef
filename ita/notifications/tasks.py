from celery import shared_task

from ita.notifications.digest import send_daily_digest


@shared_task(name="notifications.send_daily_digest")
def send_daily_digest_task() -> dict:
    """Beat sends it by name once a day (settings.CELERY_BEAT_SCHEDULE)."""
    return send_daily_digest().as_json()
