"""The daily digest: one e-mail per person with everything not yet mailed to them. A plain
function first; the command `ita_digest` and the Celery task "notifications.send_daily_digest"
call it. Running it twice sends nothing the second time: rows are marked in the same
transaction that sends them, and each person's rows are locked while they are sent (two
workers never mail the same rows)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ita.lib.thai_dates import thai_date
from ita.notifications.models import Delivery, Notification
from ita.notifications.send import SUBJECT_PREFIX, message_of

log = logging.getLogger(__name__)
# An immediate mail is sent when its action commits; one still unmailed after this long failed
# (the mail server was down, say), and the digest carries it instead.
IMMEDIATE_GRACE = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class DigestSummary:
    emails: int
    notifications: int
    failed: int

    def as_json(self) -> dict:
        return asdict(self)


def pending(now: dt.datetime):
    return (
        Notification.objects.filter(mailed_at__isnull=True, created__lte=now)
        .filter(
            Q(delivery=Delivery.DIGEST)
            | Q(delivery=Delivery.IMMEDIATE, created__lte=now - IMMEDIATE_GRACE)
        )
        .exclude(recipient__email="")
    )


def send_daily_digest(now: dt.datetime | None = None) -> DigestSummary:
    now = now or timezone.now()
    user_ids = sorted(set(pending(now).values_list("recipient_id", flat=True)))
    emails = notifications = failed = 0
    for user_id in user_ids:
        try:
            count = _send_one(user_id, now)
        except Exception:  # one bad address or a mail server hiccup must not stop the rest
            log.exception("digest for user %s failed", user_id)
            failed += 1
            continue
        if count:
            emails += 1
            notifications += count
    return DigestSummary(emails=emails, notifications=notifications, failed=failed)


@transaction.atomic
def _send_one(user_id: int, now: dt.datetime) -> int:
    rows = list(
        pending(now)
        .filter(recipient_id=user_id)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .order_by("created", "pk")
    )
    if not rows:
        return 0
    day = thai_date(timezone.localtime(now).date())
    send_mail(
        subject=f"{SUBJECT_PREFIX}สรุปการแจ้งเตือนประจำวันที่ {day} ({len(rows)} เรื่อง)",
        message=message_of(rows),
        from_email=None,
        recipient_list=[rows[0].recipient.email],
    )
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(mailed_at=now)
    return len(rows)
