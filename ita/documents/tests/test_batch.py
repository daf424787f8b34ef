"""The batch job: runs to done with a ZIP of N files and progress N/N; a crash says so; a batch
whose worker died is reported as failed, never left running."""

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone

from ita.agencies.models import Agency, AgencyType
from ita.audit.models import AuditEvent
from ita.documents import batch as batches
from ita.documents.actions import start_batch
from ita.documents.models import BatchStatus, DocumentBatch
from ita.documents.tests.conftest import sample_build


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_batch(world, agencies, output_format="both", kind="o42"):
    batch = DocumentBatch.objects.create(
        requested_by=world.officer,
        kind=kind,
        fiscal_year=2565,
        output_format=output_format,
        total=len(agencies),
    )
    batch.agencies.set(agencies)
    return batch


@pytest.mark.django_db
def test_batch_runs_to_done_with_a_zip_of_every_document(world, media):
    agencies = [world.own, world.neighbour, world.foreign]
    batch = make_batch(world, agencies, kind="o43")
    batches.run_batch(batch.pk, sample_build("o43"))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.done, batch.total, batch.percent) == (3, 3, 100)
    with zipfile.ZipFile(Path(media) / batch.output) as zf:
        names = zf.namelist()
        assert len(names) == 6  # DOCX and PDF for each of the three agencies
        assert f"T-OWN-o43-2565-{world.own.name}.pdf" in names
        assert all(zf.read(n).startswith(b"%PDF") for n in names if n.endswith(".pdf"))
        assert all(zf.read(n).startswith(b"PK") for n in names if n.endswith(".docx"))
    assert not list(Path(media).rglob("*.part"))


@pytest.mark.django_db
def test_a_failing_builder_marks_the_batch_failed_and_leaves_no_zip(world, media):
    def build(agency, year):
        if agency == world.neighbour:
            raise ValueError("ยังไม่มีผลการวิเคราะห์ของปีนี้")
        return sample_build("memo")(agency, year)

    batch = make_batch(world, [world.own, world.neighbour], output_format="docx")
    batches.run_batch(batch.pk, build)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert world.neighbour.name in batch.error and "ยังไม่มีผลการวิเคราะห์" in batch.error
    assert batch.done == 0  # agencies are in name order: อบต.ข้างเคียง comes first
    assert batch.output == ""
    assert not list(Path(media).rglob("*.zip*"))


@pytest.mark.parametrize(
    ("status", "minutes_silent", "stale"),
    [
        ("running", 11, True),
        ("queued", 11, True),
        ("running", 2, False),
        ("done", 60, False),
        ("failed", 60, False),
    ],
)
def test_is_stale(status, minutes_silent, stale):
    now = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)
    assert batches.is_stale(status, now - dt.timedelta(minutes=minutes_silent), now) is stale


@pytest.mark.django_db
def test_a_batch_whose_worker_died_says_so(world):
    batch = make_batch(world, [world.own])
    DocumentBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(hours=1)
    )
    batch = batches.mark_if_stale(DocumentBatch.objects.get(pk=batch.pk))
    assert batch.status == BatchStatus.FAILED
    assert "หยุดกลางคัน" in batch.error


@pytest.mark.django_db
def test_start_batch_is_audited_and_starts_after_commit(
    world, sample_builders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = start_batch(
            acting_user=world.officer,
            kind="memo",
            fiscal_year=2565,
            agencies=[world.own],
            output_format="pdf",
        )
    assert len(callbacks) == 1
    assert batch.status == BatchStatus.QUEUED and batch.total == 1
    event = AuditEvent.objects.get(action="documents.batch_started")
    assert event.actor == world.officer and event.after["agencies"] == [world.own.pk]


@pytest.mark.django_db
def test_start_batch_without_builder_refuses(world):
    batches.unregister_builder("o43")
    with pytest.raises(LookupError):
        start_batch(
            acting_user=world.officer,
            kind="o43",
            fiscal_year=2565,
            agencies=[world.own],
            output_format="pdf",
        )
    assert not DocumentBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_background_thread_runs_the_committed_batch(world, media, sample_builders, monkeypatch):
    threads = []
    real = batches.start_in_background
    monkeypatch.setattr(
        batches, "start_in_background", lambda *a: threads.append(real(*a)) or threads[-1]
    )
    for n in range(3):
        Agency.objects.create(
            code=f"T-{n}",
            name=f"อบต.ทดสอบที่ {n}",
            agency_type=AgencyType.SAO,
            province=world.province,
        )
    agencies = list(Agency.objects.filter(code__startswith="T-"))
    batch = start_batch(
        acting_user=world.officer,
        kind="memo",
        fiscal_year=2565,
        agencies=agencies,
        output_format="docx",
    )
    assert len(threads) == 1
    threads[0].join(timeout=60)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE, batch.error
    assert (batch.done, batch.total) == (len(agencies), len(agencies))
    with zipfile.ZipFile(Path(media) / batch.output) as zf:
        assert len(zf.namelist()) == len(agencies)
