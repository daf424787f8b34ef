"""The worker's heartbeat: beat sends `ops.heartbeat` every minute (settings.CELERY_BEAT_SCHEDULE),
whichever worker takes it writes the time, and /healthz reads its age (ita/ops/health.py)."""

from celery import shared_task

from ita.ops import health


@shared_task(name="ops.heartbeat", ignore_result=True)
def heartbeat() -> float:
    return health.beat()
