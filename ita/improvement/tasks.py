"""Reminders as a daily Celery job (settings.CELERY_BEAT_SCHEDULE); the command `ita_remind`
calls the same plain function."""

from celery import shared_task
from django.utils import timezone

from ita.improvement.reminders import send_reminders
from ita.lib.background import RETRY, first_today


@shared_task(name="improvement.send_round_reminders", **RETRY)
def send_round_reminders(soon_days: int = 14) -> int:
    """Once a day: a second run the same day (beat sent it twice, a retry after the mail went
    out) would mail everyone again, so it sends nothing."""
    today = timezone.localdate()
    if not first_today("improvement.send_round_reminders", today):
        return 0
    return send_reminders(today, soon_days)
