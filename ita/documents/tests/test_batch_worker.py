"""With a broker, the batch runs on a real Celery worker (Redis at 127.0.0.1:6379, as in
production), not in the web process: the page's request returns at once and the worker's
progress reaches the batch row."""

import threading
import time
import zipfile
from pathlib import Path

import pytest

from ita.agencies.models import Agency, AgencyType
from ita.documents import batch as batches
from ita.documents.actions import start_batch
from ita.documents.models import BatchStatus, DocumentBatch
from ita.documents.tests.conftest import sample_build


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_the_batch_and_reports_progress(
    world, settings, tmp_path, celery_worker
):
    settings.MEDIA_ROOT = tmp_path
    seen_in = set()

    def build(agency, year):
        seen_in.add(threading.current_thread().name)
        return sample_build("memo")(agency, year)

    saved = batches.builder_for("memo")
    batches.register_builder("memo", build)
    try:
        for n in range(4):
            Agency.objects.create(
                code=f"W-{n}", name=f"อบต.ทดสอบงานเบื้องหลังที่ {n}",
                agency_type=AgencyType.SAO, province=world.province,
            )  # fmt: skip
        agencies = list(Agency.objects.filter(code__startswith="W-"))
        batch = start_batch(
            acting_user=world.coordinator, kind="memo", fiscal_year=2565,
            agencies=agencies, output_format="docx",
        )  # fmt: skip
        progress = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            row = DocumentBatch.objects.get(pk=batch.pk)
            progress.append((row.status, row.done))
            if row.finished:
                break
            time.sleep(0.05)
    finally:
        batches.register_builder("memo", saved) if saved else batches.unregister_builder("memo")
    assert progress[0][0] in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    assert row.status == BatchStatus.DONE, (row.error, progress[-3:])
    assert row.done == 4
    assert threading.current_thread().name not in seen_in  # the worker's thread, not ours
    assert not any(name.startswith("ita-documents") for name in seen_in)  # nor the embedded one
    with zipfile.ZipFile(Path(tmp_path) / row.output) as zf:
        assert len(zf.namelist()) == 4


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_cannot_be_reached_fails_the_batch_not_the_request(
    client, world, monkeypatch
):
    from kombu.exceptions import OperationalError

    from ita.celery import app
    from ita.documents import tasks

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(tasks.run_batch, "apply_async", unreachable)
    batch = start_batch(
        acting_user=world.officer, kind="memo", fiscal_year=2565,
        agencies=[world.own], output_format="docx",
    )  # fmt: skip
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.resumable
    assert "ระบบคิวงานไม่พร้อม" in batch.error
