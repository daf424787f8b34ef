"""Rendering one document for many agencies into one ZIP, as a background job.

`run_batch(batch_id, build)` is the plain function: `build(agency, fiscal_year) -> Document`
is supplied by the caller, so this app does not depend on where the content comes from. The
embedded default runs it in a thread started after the creating transaction commits
(actions.start_batch); a Celery task or a management command can call the same function.

Builders register per kind (`register_builder("o42", build_o42)`, e.g. in the improvement
app's AppConfig.ready); views and the ita_document command look them up with builder_for()."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from ita.documents.content import Document
from ita.documents.models import BatchStatus, DocumentBatch, OutputFormat
from ita.documents.render_docx import render_docx
from ita.documents.render_pdf import render_pdf_async

log = logging.getLogger(__name__)

Builder = Callable[..., Document]  # (agency, fiscal_year) -> Document
_BUILDERS: dict[str, Builder] = {}

# A running batch writes progress after every document (seconds each); one silent for this
# long has lost its worker (the process restarted), and says so instead of "running" forever.
STALE_AFTER = dt.timedelta(minutes=10)
OUTPUT_DIR = "documents/batches"


def register_builder(kind: str, build: Builder) -> None:
    _BUILDERS[str(kind)] = build


def unregister_builder(kind: str) -> None:
    _BUILDERS.pop(str(kind), None)


def builder_for(kind: str) -> Builder | None:
    return _BUILDERS.get(str(kind))


def formats_of(output_format: str) -> tuple[str, ...]:
    return ("docx", "pdf") if output_format == OutputFormat.BOTH else (output_format,)


def render(doc: Document, fmt: str) -> bytes:
    """One document in one format (views and the command stream these bytes)."""
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "pdf":
        return render_pdf_async(doc).result()
    raise ValueError(f"ไม่รู้จักรูปแบบไฟล์ {fmt}")


def is_stale(status: str, last_sign_of_life: dt.datetime, now: dt.datetime) -> bool:
    """Queued or running, and nothing heard for STALE_AFTER."""
    unfinished = status in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    return unfinished and now - last_sign_of_life > STALE_AFTER


def mark_if_stale(batch: DocumentBatch) -> DocumentBatch:
    """Called when a batch is looked at: a batch whose worker died is reported as failed."""
    last = batch.heartbeat_at or batch.created_at
    if is_stale(batch.status, last, timezone.now()):
        DocumentBatch.objects.filter(pk=batch.pk, status=batch.status).update(
            status=BatchStatus.FAILED,
            error="การสร้างเอกสารหยุดกลางคัน (ระบบเริ่มทำงานใหม่ระหว่างสร้าง) กรุณาสั่งสร้างใหม่อีกครั้ง",
            finished_at=timezone.now(),
        )
        batch.refresh_from_db()
    return batch


def _entry_name(doc: Document, fmt: str, code: str) -> str:
    return f"{code}-{doc.file_stem()}.{fmt}"


def run_batch(batch_id: int, build: Builder) -> None:
    """Render every agency's document into the batch's ZIP, writing progress as it goes.
    Never raises: a failure is written to the batch (status failed, error text)."""
    batch = DocumentBatch.objects.get(pk=batch_id)
    agencies = list(batch.agencies.order_by("name"))
    formats = formats_of(batch.output_format)
    relative = f"{OUTPUT_DIR}/{batch.pk}/ita-{batch.kind}-{batch.fiscal_year}-{batch.pk}.zip"
    target = Path(settings.MEDIA_ROOT) / relative
    partial = target.with_suffix(".zip.part")
    _update(batch, status=BatchStatus.RUNNING, total=len(agencies), done=0)
    current = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Stored, not deflated: DOCX is a ZIP already and PDF streams are compressed.
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:
            printing = None  # (entry name, Future) of the PDF Chromium is printing
            for done, agency in enumerate(agencies, start=1):
                current = agency
                doc = build(agency, batch.fiscal_year)
                # Chromium prints this PDF on the other core while this thread draws the
                # charts and writes the DOCX of this document and the next one.
                pdf = render_pdf_async(doc) if "pdf" in formats else None
                if "docx" in formats:
                    zf.writestr(_entry_name(doc, "docx", agency.code), render_docx(doc))
                if printing is not None:
                    zf.writestr(printing[0], printing[1].result())
                    _update(batch, done=done - 1)
                if pdf is None:
                    _update(batch, done=done)
                printing = (_entry_name(doc, "pdf", agency.code), pdf) if pdf else None
            if printing is not None:
                zf.writestr(printing[0], printing[1].result())
                _update(batch, done=len(agencies))
        partial.replace(target)  # the ZIP appears whole or not at all
        _update(batch, status=BatchStatus.DONE, output=relative, finished_at=timezone.now())
    except Exception as exc:
        log.exception("document batch %s failed", batch_id)
        partial.unlink(missing_ok=True)
        where = f" ที่{current.name}" if current is not None else ""
        _update(
            batch,
            status=BatchStatus.FAILED,
            finished_at=timezone.now(),
            error=f"สร้างเอกสารไม่สำเร็จ{where}: {exc}",
        )


def _update(batch: DocumentBatch, **fields) -> None:
    fields["heartbeat_at"] = timezone.now()
    DocumentBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():
        setattr(batch, name, value)


def start_in_background(batch_id: int, build: Builder) -> threading.Thread:
    """The embedded default: a daemon thread with its own database connection."""

    def work():
        close_old_connections()
        try:
            run_batch(batch_id, build)
        finally:
            connection.close()

    thread = threading.Thread(target=work, name=f"ita-batch-{batch_id}", daemon=True)
    thread.start()
    return thread
