from celery import shared_task

from ita.lib.background import RETRY
from ita.notifications.digest import send_daily_digest


@shared_task(name="notifications.send_daily_digest", **RETRY)
def send_daily_digest_task() -> dict:
    """Beat sends it by name once a day (settings.CELERY_BEAT_SCHEDULE). A retry after the
    database went away mails only those not mailed yet: each person's rows are marked in the
    transaction that sends them."""
    return send_daily_digest().as_json()
