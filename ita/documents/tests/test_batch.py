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
from ita.documents.actions import resume_batch, start_batch
from ita.documents.models import BatchStatus, DocumentBatch
from ita.documents.render_docx import render_docx
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
        assert f"T-OWN-o43-2566-{world.own.name}.pdf" in names
        assert all(zf.read(n).startswith(b"%PDF") for n in names if n.endswith(".pdf"))
        assert all(zf.read(n).startswith(b"PK") for n in names if n.endswith(".docx"))
    assert not list(Path(media).rglob("*.part"))


@pytest.mark.django_db
def test_an_agency_without_data_is_skipped_and_listed_not_fatal(world, media):
    """Finding 9: the province's default batch ended "ไม่สำเร็จ · 0/85" because the first agency
    had no analysis. Now that agency is skipped, listed on the batch and in the ZIP, and the
    others are made."""

    def build(agency, year):
        if agency == world.neighbour:
            raise LookupError(f"{agency.name} ยังไม่มีการวิเคราะห์ผลการประเมินปีงบประมาณ {year}")
        return sample_build("memo")(agency, year)

    batch = make_batch(world, [world.own, world.neighbour], output_format="docx")
    batches.run_batch(batch.pk, build)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE, batch.error
    assert (batch.done, batch.total, batch.made) == (2, 2, 1)
    assert [s["code"] for s in batch.skipped] == [world.neighbour.code]
    assert "ยังไม่มีการวิเคราะห์" in batch.skipped[0]["reason"]
    with zipfile.ZipFile(Path(media) / batch.output) as zf:
        names = zf.namelist()
        listed = zf.read(batches.SKIPPED_NAME).decode()
    assert names == [f"T-OWN-memo-2566-{world.own.name}.docx", batches.SKIPPED_NAME]
    assert world.neighbour.name in listed and "ยังไม่มีการวิเคราะห์" in listed
    assert not list(Path(media).rglob("parts"))  # the kept parts are gone once zipped


@pytest.mark.django_db
def test_the_real_builder_skips_an_agency_with_no_analysis(world, media):
    from ita.documents.builders import register

    register()  # the improvement app's database builders, as the batch page uses them
    batch = make_batch(world, [world.own, world.neighbour], output_format="docx", kind="memo")
    batches.run_batch(batch.pk, batches.builder_for("memo"))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert {s["code"] for s in batch.skipped} == {world.own.code, world.neighbour.code}


@pytest.mark.django_db
def test_an_error_stops_the_batch_and_resume_goes_on_after_what_was_done(world, media):
    made = []
    broken = {"on": True}

    def build(agency, year):
        if agency == world.own and broken["on"]:
            raise RuntimeError("Chromium หยุดทำงาน")
        made.append(agency.code)
        return sample_build("memo")(agency, year)

    agencies = [world.own, world.neighbour, world.foreign]
    batch = make_batch(world, agencies, output_format="both")
    batches.run_batch(batch.pk, build)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.resumable
    assert world.own.name in batch.error and "Chromium" in batch.error
    assert batch.output == "" and not list(Path(media).rglob("*.zip"))
    order = list(batch.agencies.order_by("name", "pk").values_list("code", flat=True))
    before_own = order[: order.index(world.own.code)]
    assert before_own and made == before_own  # the run stopped at the own agency

    broken["on"] = False
    with pytest.raises(Exception):  # noqa: B017 - only a failed batch resumes
        resume_batch(acting_user=world.officer, batch=make_batch(world, [world.own]))
    resume_batch(acting_user=world.officer, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED
    batches.run_batch(batch.pk, build)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE, batch.error
    assert sorted(made) == sorted(a.code for a in agencies)  # the first was not made again
    with zipfile.ZipFile(Path(media) / batch.output) as zf:
        assert len(zf.namelist()) == 6
    assert AuditEvent.objects.filter(action="documents.batch_resumed", object_id=str(batch.pk))


@pytest.mark.django_db
def test_a_batch_is_run_once_even_if_its_task_arrives_twice(world, media):
    calls = []

    def build(agency, year):
        calls.append(agency.code)
        return sample_build("memo")(agency, year)

    batch = make_batch(world, [world.own], output_format="docx")
    DocumentBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    batches.run_batch(batch.pk, build)  # another run holds it
    assert calls == []
    assert DocumentBatch.objects.get(pk=batch.pk).status == BatchStatus.RUNNING


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
def test_without_a_broker_the_committed_batch_runs_in_a_thread_not_the_request(
    world, media, sample_builders
):
    import threading

    from ita.lib import background

    threads = set()

    def build(agency, year):
        threads.add(threading.current_thread().name)
        return sample_build("memo")(agency, year)

    batches.register_builder("memo", build)  # sample_builders puts the real one back
    for n in range(3):
        Agency.objects.create(
            code=f"T-{n}",
            name=f"อบต.ทดสอบที่ {n}",
            agency_type=AgencyType.SAO,
            province=world.province,
        )
    agencies = list(Agency.objects.filter(code__startswith="T-"))
    batch = start_batch(
        acting_user=world.national,  # agencies of two provinces: the officer writes only one
        kind="memo",
        fiscal_year=2565,
        agencies=agencies,
        output_format="docx",
    )
    background.wait(timeout=60)
    assert threads == {"ita-documents.run_batch"}  # not the request's thread
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE, batch.error
    assert (batch.done, batch.total) == (len(agencies), len(agencies))
    with zipfile.ZipFile(Path(media) / batch.output) as zf:
        assert len(zf.namelist()) == len(agencies)


@pytest.mark.django_db
def test_a_larger_batch_draws_its_charts_in_other_processes_with_the_same_pictures(
    world, media, monkeypatch
):
    import io

    import docx

    from ita.documents import charts

    agencies = [
        Agency.objects.create(code=f"P-{n}", name=f"อบต.ภาพที่ {n}", agency_type=AgencyType.SAO,
                              province=world.province)
        for n in range(batches.POOL_FROM)
    ]  # fmt: skip
    build = sample_build("o42")
    drawn_here = []
    real = charts._render
    monkeypatch.setattr(charts, "_render", lambda *a: drawn_here.append(a) or real(*a))
    batch = make_batch(world, agencies, output_format="docx")
    batches.run_batch(batch.pk, build)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE, batch.error
    assert drawn_here == []  # every chart came from the pool
    assert charts._primed == {}  # and none is kept once its report is written

    def pictures(data: bytes) -> list[bytes]:
        d = docx.Document(io.BytesIO(data))
        return sorted(p.blob for p in d.part.package.parts if p.content_type == "image/png")

    with zipfile.ZipFile(Path(media) / batch.output) as zf:
        first = zf.read(sorted(zf.namelist())[0])
    monkeypatch.setattr(charts, "_render", real)
    expected = render_docx(build(agencies[0], 2565))
    assert pictures(first) == pictures(expected)  # the same pictures as drawn in this process
