"""notify(): store what happened for each recipient, and mail those who want it at once.

Mail goes out after the action's transaction commits (a refused or rolled-back action tells
nobody), one message per recipient so that no address is shown to another. A mail that fails
is logged and left unmailed: the next daily digest carries it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ita.notifications.models import Delivery, Notification, Preference

log = logging.getLogger(__name__)
SUBJECT_PREFIX = "[ระบบ ITA] "


def absolute(url: str) -> str:
    """A link for an e-mail: the site's address (ITA_SITE_URL) before the page's path."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.ITA_SITE_URL.rstrip("/") + url


def _user_ids(recipients: Iterable) -> set[int]:
    return {getattr(r, "pk", r) for r in recipients if r is not None}


def notify(recipients, kind: str, subject: str, body: str, url: str, agency=None) -> int:
    """Tell each recipient (users or user ids, duplicates ignored) once; returns how many rows.
    Call it inside the action's transaction, after the change succeeded."""
    ids = _user_ids(recipients)
    if not ids:
        return 0
    chosen = dict(Preference.objects.filter(user_id__in=ids).values_list("user_id", "delivery"))
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=kind,
            subject=subject[:200],
            body=body,
            url=url,
            agency=agency,
            delivery=chosen.get(user_id, Delivery.IMMEDIATE),
        )
        for user_id in sorted(ids)
    )
    now_ids = [r.pk for r in rows if r.delivery == Delivery.IMMEDIATE]
    if now_ids:
        transaction.on_commit(lambda: mail_now(now_ids), robust=True)
    return len(rows)


def mail_now(notification_ids: list[int]) -> int:
    """One e-mail per notification whose recipient has an address; returns how many sent."""
    pending = Notification.objects.filter(
        pk__in=notification_ids, mailed_at__isnull=True
    ).select_related("recipient")
    sent = 0
    for n in pending:
        if not n.recipient.email:
            continue
        send_mail(
            subject=SUBJECT_PREFIX + n.subject,
            message=message_of([n]),
            from_email=None,
            recipient_list=[n.recipient.email],
        )
        Notification.objects.filter(pk=n.pk).update(mailed_at=timezone.now())
        sent += 1
    return sent


def message_of(notifications: list[Notification]) -> str:
    parts = []
    for n in notifications:
        lines = [n.subject]
        if n.body:
            lines.append(n.body)
        if n.url:
            lines.append(f"เปิดในระบบ: {absolute(n.url)}")
        parts.append("\n".join(lines))
    footer = "\n\n—\nอีเมลนี้ส่งจากระบบ ITA โดยอัตโนมัติ ตั้งค่าการรับแจ้งเตือนได้ที่ " + absolute(
        "/work/notifications/"
    )
    return "\n\n".join(parts) + footer
