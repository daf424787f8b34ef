"""The background tasks (issue 14): every job is a named Celery task that beat can send by name,
retries when the database is away, and does no double work when it runs twice; a batch's run
holds it by a lease, and a run that lost the batch to another stops writing."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from conftest import SEED_002_2565, decimals
from ita.celery import app
from ita.documents import batch as batches
from ita.documents import tasks as document_tasks
from ita.documents.models import BatchStatus, DocumentBatch
from ita.documents.tests.conftest import sample_build

TASKS = {
    "documents.run_batch", "disclosure.run_link_check", "disclosure.recheck_due_links",
    "disclosure.check_agency_links", "improvement.send_round_reminders", "surveys.settle_waves",
    "assessments.recompute_year", "notifications.send_daily_digest",
}  # fmt: skip
DAILY = {"disclosure.recheck_due_links", "surveys.settle_waves",
         "improvement.send_round_reminders", "notifications.send_daily_digest"}  # fmt: skip


def test_beat_sends_only_names_of_registered_tasks_and_every_daily_job(settings):
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names <= set(app.tasks), names - set(app.tasks)
    assert names >= DAILY


def test_every_job_retries_on_a_database_away_with_backoff_and_a_limit():
    app.loader.import_default_modules()
    for name in TASKS:
        task = app.tasks[name]
        assert OperationalError in task.autoretry_for, name
        assert task.retry_backoff and 0 < task.max_retries <= 10, name
    assert app.tasks["documents.run_batch"].acks_late  # a lost worker hands the batch back
    assert app.tasks["documents.run_batch"].reject_on_worker_lost


# ------------------------------------------------------------------ a batch's lease


def _batch(world, **fields):
    batch = DocumentBatch.objects.create(
        requested_by=world.officer, kind="memo", fiscal_year=2565, output_format="docx",
        total=1, **fields,
    )  # fmt: skip
    batch.agencies.set([world.own])
    return batch


@pytest.mark.django_db
def test_a_running_batch_is_taken_over_only_once_its_lease_has_lapsed(world, settings):
    settings.ITA_BATCH_LEASE_SECONDS = 60
    now = timezone.now()
    alive = _batch(world, status=BatchStatus.RUNNING, runner="a", heartbeat_at=now)
    dead = _batch(
        world, status=BatchStatus.RUNNING, runner="a", heartbeat_at=now - dt.timedelta(seconds=61)
    )
    assert not batches.claim(alive.pk, "b")
    assert batches.claim(dead.pk, "b")
    assert not batches.claim(dead.pk, "c")  # b holds it now, with a fresh heartbeat
    assert DocumentBatch.objects.get(pk=dead.pk).runner == "b"


@pytest.mark.django_db
def test_a_run_that_lost_its_batch_stops_and_leaves_the_new_run_alone(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    batch = _batch(world)
    assert batches.claim(batch.pk, "old")
    DocumentBatch.objects.filter(pk=batch.pk).update(runner="new")  # taken over meanwhile
    batches.run_claimed(batch.pk, sample_build("memo"), "old")
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.runner, batch.error) == ("running", 0, "new", "")
    batches.run_claimed(batch.pk, sample_build("memo"), "new")
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("done", 1)


@pytest.mark.django_db
def test_a_redelivered_task_finding_its_batch_held_looks_again_within_the_lease(
    world, settings, monkeypatch
):
    settings.ITA_BATCH_LEASE_SECONDS = 30
    batch = _batch(world, status=BatchStatus.RUNNING, runner="alive", heartbeat_at=timezone.now())
    sent = []
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(
        document_tasks.run_batch,
        "apply_async",
        lambda args, countdown: sent.append((args, countdown)),
    )
    document_tasks.run_batch.apply((batch.pk,))  # as a worker runs a delivered message
    assert len(sent) == 1 and sent[0][0] == (batch.pk,)
    assert 29 < sent[0][1] <= 31  # just after the lease would lapse: 30 s from the heartbeat
    DocumentBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE)
    document_tasks.run_batch.apply((batch.pk,))  # finished meanwhile: nothing more
    assert len(sent) == 1


# ------------------------------------------------------------------ twice, no double work


@pytest.fixture
def once_a_day_key(settings):
    """Reminders with a broker: the once-a-day key in Redis (a database of the tests' own)."""
    import redis

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/11"
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    key = f"ita:daily:improvement.send_round_reminders:{timezone.localdate().isoformat()}"
    client.delete(key)
    yield key
    client.delete(key)
    client.close()


@pytest.mark.django_db
def test_reminders_sent_twice_the_same_day_mail_once(world, approved, once_a_day_key):
    from ita.improvement.tasks import send_round_reminders

    world.officer.email = "officer@example.go.th"
    world.officer.save()
    assert send_round_reminders() == 1  # every FY 2566 round is overdue by today's date
    assert send_round_reminders() == 0
    assert [m.to for m in mail.outbox] == [["officer@example.go.th"]]


@pytest.mark.django_db
def test_settling_waves_takes_the_answers_left_waiting_once(world):
    from ita.surveys import actions
    from ita.surveys.models import PendingResponse, Response, Wave, WaveStatus
    from ita.surveys.questionnaire import read_answers
    from ita.surveys.tasks import settle_waves
    from ita.surveys.tests.conftest import open_wave, pattern_answers, questionnaire, token_of

    wave = open_wave(world, "IIT", population=3)
    q = questionnaire(wave)
    for serial in (1, 2, 3):
        outcome = actions.submit_response(
            wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "top")),
            client_id=uuid.uuid4(), token=token_of(wave, serial),
        )  # fmt: skip
        assert outcome == actions.Outcome.STORED
    # Three wait (fewer than k); the wave closed without mixing them (a submission that
    # committed after the close's mix).
    Wave.objects.filter(pk=wave.pk).update(status=WaveStatus.CLOSED)
    assert PendingResponse.objects.filter(wave=wave).count() == 3
    assert settle_waves() == 1
    assert settle_waves() == 0
    assert PendingResponse.objects.filter(wave=wave).count() == 0
    assert Response.objects.filter(wave=wave).count() == 3
    assert Wave.objects.get(pk=wave.pk).tool_score is not None


@pytest.mark.django_db
def test_recomputing_a_year_twice_writes_once(world):
    from ita.assessments.actions import record_result
    from ita.assessments.models import Assessment
    from ita.assessments.tasks import recompute_year
    from ita.audit.models import AuditEvent

    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2565,
                  indicator_scores=decimals(SEED_002_2565))  # fmt: skip
    Assessment.objects.update(total=Decimal("1.00"))  # a bulk load that got the total wrong
    events = AuditEvent.objects.count()
    assert recompute_year(2565)["changed"] == 1
    assert recompute_year(2565)["changed"] == 0
    assert Assessment.objects.get().total == Decimal("71.03")
    assert AuditEvent.objects.count() == events + 1


@pytest.mark.django_db
def test_a_redelivered_task_takes_over_a_batch_whose_lease_lapsed_and_says_so(
    world, settings, tmp_path
):
    from ita.audit.models import AuditEvent

    settings.MEDIA_ROOT, settings.ITA_BATCH_LEASE_SECONDS = tmp_path, 30
    silent = timezone.now() - dt.timedelta(seconds=31)
    batch = _batch(world, status=BatchStatus.RUNNING, runner="dead", heartbeat_at=silent)
    saved = batches.builder_for("memo")
    batches.register_builder("memo", sample_build("memo"))
    try:
        document_tasks.run_batch.apply((batch.pk,))
    finally:
        batches.register_builder("memo", saved) if saved else batches.unregister_builder("memo")
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("done", 1)
    event = AuditEvent.objects.get(action="documents.batch_taken_over")
    assert event.object_id == str(batch.pk) and event.before == {"runner": "dead", "done": 0}
    assert event.after == {"runner": batch.runner}


@pytest.mark.django_db
def test_a_database_away_mid_batch_leaves_it_to_the_retry_on_a_worker_but_fails_it_in_a_thread(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    def build(agency, year):
        raise OperationalError("server closed the connection unexpectedly")

    worker = _batch(world)
    assert batches.claim(worker.pk, "worker")
    with pytest.raises(OperationalError):  # the task's autoretry takes it from here
        batches.run_claimed(worker.pk, build, "worker", retry_database_errors=True)
    worker.refresh_from_db()
    assert (worker.status, worker.error) == ("running", "")  # taken over once the lease lapses
    thread = _batch(world)
    assert batches.claim(thread.pk, "thread")
    batches.run_claimed(thread.pk, build, "thread")  # the embedded default: no retry to come
    thread.refresh_from_db()
    assert thread.status == "failed" and thread.resumable
