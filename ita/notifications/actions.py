"""The user's own changes: reading notifications and choosing how to be told. Audited like
every other change."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ita.audit.log import record
from ita.notifications.models import Delivery, Notification, Preference


class NotificationError(ValueError):
    """A refused change; the message is Thai."""


@transaction.atomic
def mark_read(*, acting_user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (those named, or all); others' are untouched.
    Returns how many changed; nothing changed writes no event."""
    unread = Notification.objects.filter(recipient=acting_user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    changed = sorted(unread.values_list("pk", flat=True))
    if not changed:
        return 0
    Notification.objects.filter(pk__in=changed).update(read_at=timezone.now())
    record(
        actor=acting_user, action="notifications.read", obj=acting_user,
        after={"count": len(changed), "ids": changed[:100]},
    )  # fmt: skip
    return len(changed)


@transaction.atomic
def set_preference(*, acting_user, delivery: str) -> Preference:
    if delivery not in Delivery.values:
        raise NotificationError(_("กรุณาเลือกวิธีรับการแจ้งเตือนจากรายการ"))
    pref, _created = Preference.objects.select_for_update().get_or_create(user=acting_user)
    before = pref.delivery
    pref.delivery = delivery
    pref.save(update_fields=["delivery"])
    record(
        actor=acting_user, action="notifications.preference_set", obj=pref,
        before={"delivery": before}, after={"delivery": delivery},
    )  # fmt: skip
    return pref


def preference_of(user) -> str:
    return (
        Preference.objects.filter(user=user).values_list("delivery", flat=True).first()
        or Delivery.IMMEDIATE
    )


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
