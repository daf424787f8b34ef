from celery import shared_task
from django.utils import timezone

from ita.improvement.reminders import send_reminders


@shared_task
def send_round_reminders(soon_days: int = 14) -> int:
    return send_reminders(timezone.localdate(), soon_days)
