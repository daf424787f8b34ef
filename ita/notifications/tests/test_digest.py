"""The person's choice (mail at once, a daily digest, or in the application only), and the
digest: one e-mail per person with what was not mailed yet; run twice, one e-mail."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ita.audit.models import AuditEvent
from ita.notifications import actions
from ita.notifications.digest import IMMEDIATE_GRACE, send_daily_digest
from ita.notifications.models import Delivery, Kind, Notification
from ita.notifications.send import notify
from ita.notifications.tests.conftest import committed


def tell(*users, subject="แผนเสนอขออนุมัติ"):
    return notify(users, Kind.PLAN_SUBMITTED, subject, "รายละเอียด", "/improvement/analysis/1/")


def test_the_choice_decides_how_each_person_is_told(mailed):
    actions.set_preference(acting_user=mailed.executive, delivery=Delivery.DIGEST)
    actions.set_preference(acting_user=mailed.assessor, delivery=Delivery.IN_APP)
    with committed():
        tell(mailed.officer, mailed.executive, mailed.assessor)
    assert [m.to for m in mail.outbox] == [["officer@example.go.th"]]  # the default: at once
    assert Notification.objects.filter(recipient=mailed.assessor, mailed_at=None).exists()
    summary = send_daily_digest(timezone.now() + dt.timedelta(seconds=1))
    assert (summary.emails, summary.notifications) == (1, 1)
    assert mail.outbox[-1].to == ["executive@example.go.th"]  # the in-app one gets none
    assert Notification.objects.filter(recipient=mailed.assessor).count() == 1


def test_the_digest_sends_one_email_per_person_and_running_twice_sends_one(mailed):
    actions.set_preference(acting_user=mailed.executive, delivery=Delivery.DIGEST)
    tell(mailed.executive, subject="เรื่องแรก")
    tell(mailed.executive, subject="เรื่องที่สอง")
    now = timezone.now() + dt.timedelta(seconds=1)
    first = send_daily_digest(now)
    second = send_daily_digest(now)
    assert (first.emails, first.notifications, second.emails) == (1, 2, 0)
    (message,) = mail.outbox
    assert message.subject.startswith("[ระบบ ITA] สรุปการแจ้งเตือนประจำวันที่ ")
    assert message.subject.endswith("(2 เรื่อง)")
    assert "เรื่องแรก" in message.body and "เรื่องที่สอง" in message.body
    assert "http://localhost:8000/improvement/analysis/1/" in message.body
    tell(mailed.executive, subject="เรื่องใหม่")
    third = send_daily_digest(timezone.now() + dt.timedelta(seconds=1))
    assert third.notifications == 1 and "เรื่องแรก" not in mail.outbox[-1].body


def test_a_changed_choice_does_not_mail_what_was_in_app_only(mailed):
    actions.set_preference(acting_user=mailed.officer, delivery=Delivery.IN_APP)
    tell(mailed.officer)
    actions.set_preference(acting_user=mailed.officer, delivery=Delivery.DIGEST)
    assert send_daily_digest(timezone.now() + dt.timedelta(seconds=1)).emails == 0


def test_an_immediate_mail_that_failed_goes_in_the_digest(mailed):
    tell(mailed.officer)  # its on-commit mail never ran: as if the mail server was down
    assert send_daily_digest(timezone.now()).emails == 0  # not before the grace period
    later = timezone.now() + IMMEDIATE_GRACE + dt.timedelta(minutes=1)
    assert send_daily_digest(later).emails == 1


def test_the_command_prints_counts_as_json(mailed):
    actions.set_preference(acting_user=mailed.executive, delivery=Delivery.DIGEST)
    Notification.objects.bulk_create(
        Notification(recipient=mailed.executive, kind=Kind.PLAN_APPROVED, subject=s,
                     delivery=Delivery.DIGEST) for s in ("ก", "ข")
    )  # fmt: skip
    out = StringIO()
    call_command("ita_digest", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"emails": 1, "notifications": 2, "failed": 0}
    out = StringIO()
    call_command("ita_digest", stdout=out)
    assert out.getvalue().strip() == "ส่งอีเมลสรุป 0 ฉบับ รวม 0 เรื่อง"


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_the_digest_by_the_name_beat_sends(mailed, celery_worker):
    import time

    from ita.celery import app

    actions.set_preference(acting_user=mailed.executive, delivery=Delivery.DIGEST)
    tell(mailed.executive)
    Notification.objects.update(created=timezone.now() - dt.timedelta(seconds=5))
    app.send_task("notifications.send_daily_digest")
    deadline = time.monotonic() + 20
    while Notification.objects.filter(mailed_at=None).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Notification.objects.filter(mailed_at=None).exists()
    assert [m.to for m in mail.outbox] == [["executive@example.go.th"]]


def test_a_bad_choice_is_refused_in_thai_and_changes_nothing(mailed):
    before = AuditEvent.objects.count()
    with pytest.raises(actions.NotificationError, match="กรุณาเลือก"):
        actions.set_preference(acting_user=mailed.officer, delivery="sms")
    assert AuditEvent.objects.count() == before
    assert actions.preference_of(mailed.officer) == Delivery.IMMEDIATE


def test_marking_read_touches_only_ones_own_and_is_audited(mailed):
    tell(mailed.officer, mailed.executive)
    theirs = Notification.objects.get(recipient=mailed.executive)
    assert actions.mark_read(acting_user=mailed.officer, ids=[theirs.pk]) == 0
    assert actions.mark_read(acting_user=mailed.officer) == 1
    assert actions.unread_count(mailed.officer) == 0 and actions.unread_count(mailed.executive) == 1
    assert AuditEvent.objects.filter(action="notifications.read", actor=mailed.officer).count() == 1
