import pytest
from django.core import mail
from django.core.management import call_command

from ita.improvement import actions
from ita.improvement.tasks import send_round_reminders

pytestmark = pytest.mark.django_db


def test_heads_and_officer_are_reminded_of_due_and_overdue_rounds(world, approved):
    _, mine, theirs = approved
    world.division_head.email = "head@example.go.th"
    world.division_head.save()
    world.officer.email = "officer@example.go.th"
    world.officer.save()
    actions.report_progress(
        acting_user=world.division_head, measure=mine, round_month=6,
        data=actions.ProgressInput(status="done", percent=100, actions="เสร็จแล้ว"),
    )  # fmt: skip
    call_command("ita_remind", today="2023-04-05")  # FY 2566: 6-month round due 31 Mar 2023
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_person) == {
        "officer@example.go.th"
    }  # the head reported; the other head has no e-mail
    assert theirs.title in by_person["officer@example.go.th"]
    assert "เกินกำหนดตั้งแต่ 31 มีนาคม 2566" in by_person["officer@example.go.th"]
    mail.outbox.clear()
    call_command("ita_remind", today="2023-09-20")  # 12-month round due 30 Sep 2023
    assert "head@example.go.th" in {m.to[0] for m in mail.outbox}
    assert all("ครบกำหนด 30 กันยายน 2566" in m.body for m in mail.outbox)


def test_nothing_due_nothing_sent(world, approved):
    world.officer.email = "officer@example.go.th"
    world.officer.save()
    call_command("ita_remind", today="2022-10-02")
    assert mail.outbox == []


def test_celery_task_runs_the_same_function(world, approved):
    world.officer.email = "officer@example.go.th"
    world.officer.save()
    # Eager in the embedded default; every FY 2566 round is overdue by today's date.
    assert send_round_reminders.delay().get() == 1
    assert [m.to for m in mail.outbox] == [["officer@example.go.th"]]
