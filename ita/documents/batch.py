"""Rendering one document for many agencies into one ZIP, as a background job.

`run_batch(batch_id, build)` is the plain function: `build(agency, fiscal_year) -> Document`
is supplied by the caller, so this app does not depend on where the content comes from. The
Celery task `documents.run_batch` (tasks.py) calls it with the registered builder of the
batch's kind: on a worker in production, in a thread of the web process in the embedded
default (ita.lib.background), started once the creating transaction commits.

Builders register per kind (`register_builder("o42", build_o42)`, e.g. in the improvement
app's AppConfig.ready); views and the ita_document command look them up with builder_for()."""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import glob
import logging
import multiprocessing
import os
import shutil
import socket
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Q
from django.utils import timezone

from ita.documents import charts
from ita.documents.content import Chart, Document
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
            error="การสร้างเอกสารหยุดกลางคัน (ระบบเริ่มทำงานใหม่ระหว่างสร้าง) กด “ทำต่อ” เพื่อสร้างส่วนที่เหลือ",
            finished_at=timezone.now(),
        )
        batch.refresh_from_db()
    return batch


def _entry_name(doc: Document, fmt: str, code: str) -> str:
    return f"{code}-{doc.file_stem()}.{fmt}"


SKIPPED_NAME = "หน่วยงานที่ข้าม.txt"


def _parts_dir(batch: DocumentBatch) -> Path:
    """Where each finished document is kept until the ZIP is written: a resumed batch starts
    after the last agency whose every file is here."""
    return Path(settings.MEDIA_ROOT) / OUTPUT_DIR / str(batch.pk) / "parts"


def _write_part(directory: Path, name: str, data: bytes) -> None:
    partial = directory / f".{name}.part"
    partial.write_bytes(data)
    partial.replace(directory / name)  # a part is whole or absent


def _finished(directory: Path, code: str, formats: tuple[str, ...]) -> bool:
    return all(any(directory.glob(f"{glob.escape(code)}-*.{fmt}")) for fmt in formats)


def lease() -> dt.timedelta:
    """How long a running batch may be silent before its run counts as dead (settings)."""
    return dt.timedelta(seconds=getattr(settings, "ITA_BATCH_LEASE_SECONDS", 120))


def new_runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def claim(batch_id: int, runner: str = "") -> bool:
    """Queued → running, once; or a running batch taken over whose run has been silent for a
    lease (its worker died: the broker handed the task back). A task delivered twice while its
    run is alive (a resume clicked twice, a redelivery of a long batch) leaves it to that run."""
    now = timezone.now()
    lapsed = Q(status=BatchStatus.RUNNING, heartbeat_at__lt=now - lease())
    return bool(
        DocumentBatch.objects.filter(Q(status=BatchStatus.QUEUED) | lapsed, pk=batch_id).update(
            status=BatchStatus.RUNNING, heartbeat_at=now, runner=runner or new_runner()
        )
    )


class TakenOver(Exception):
    """Another run holds the batch now (this one was silent past its lease): stop writing."""


def run_batch(batch_id: int, build: Builder) -> None:
    """Claim the batch and run it (a batch another run holds is left to it). Never raises."""
    runner = new_runner()
    if claim(batch_id, runner):
        run_claimed(batch_id, build, runner)


def run_claimed(
    batch_id: int, build: Builder, runner: str, *, retry_database_errors: bool = False
) -> None:
    """Render every agency's document, writing progress as it goes, then the ZIP.

    An agency whose data is missing (the builder says so in Thai with LookupError/ValueError)
    is skipped and listed, in the batch and in the ZIP; the others go on. Any other error stops
    the batch as failed, with the documents done so far kept, so `resume` continues after them.
    On a worker (`retry_database_errors`) a database that went away is raised instead: the
    batch stays running, the task's retry takes it over after the lease and goes on by itself.
    Raises otherwise only when the database cannot take even the failure."""
    batch = DocumentBatch.objects.get(pk=batch_id)
    if batch.runner != runner:
        return  # taken over between the claim and now
    agencies = list(batch.agencies.order_by("name", "pk"))
    formats = formats_of(batch.output_format)
    parts = _parts_dir(batch)
    relative = f"{OUTPUT_DIR}/{batch.pk}/ita-{batch.kind}-{batch.fiscal_year}-{batch.pk}.zip"
    skipped = {s["code"]: s for s in batch.skipped}
    current = pool = None
    printing = None  # (part name, Future of the PDF Chromium is printing)
    try:
        parts.mkdir(parents=True, exist_ok=True)
        done, todo = 0, []
        for agency in agencies:
            if agency.code in skipped or _finished(parts, agency.code, formats):
                done += 1  # resumed: done in an earlier run
            else:
                todo.append(agency)
        pool = _chart_pool(len(todo))
        for agency, doc, missing, drawn in _prepared(todo, build, batch.fiscal_year, pool):
            current = agency
            if missing is not None:
                reason = str(missing)
                skipped[agency.code] = {"code": agency.code, "name": agency.name, "reason": reason}
                done += 1
                _update(batch, done=done - (printing is not None), skipped=list(skipped.values()))
                continue
            # Chromium prints this PDF on the other core while this thread draws the charts
            # and writes the DOCX of this document and the next one.
            pdf = render_pdf_async(doc) if "pdf" in formats else None
            if "docx" in formats:
                _write_part(parts, _entry_name(doc, "docx", agency.code), render_docx(doc))
            if printing is not None:
                _write_part(parts, printing[0], printing[1].result())
                _update(batch, done=done)
            done += 1
            if pdf is None:
                _update(batch, done=done)
            printing = (_entry_name(doc, "pdf", agency.code), pdf) if pdf else None
            charts.forget(drawn)  # the HTML for Chromium is made: the pictures are in it
        if printing is not None:
            _write_part(parts, printing[0], printing[1].result())
        current = None
        _update(batch, done=len(agencies), skipped=list(skipped.values()))
        _zip(batch, parts, agencies, list(skipped.values()), Path(settings.MEDIA_ROOT) / relative)
        shutil.rmtree(parts, ignore_errors=True)
        _update(batch, status=BatchStatus.DONE, output=relative, finished_at=timezone.now())
    except TakenOver:
        log.warning("document batch %s was taken over by another run; this one stops", batch_id)
    except Exception as exc:
        _keep_printed(parts, printing)
        cause = exc.error if isinstance(exc, BuildFailed) else exc
        if retry_database_errors and isinstance(cause, (OperationalError, InterfaceError)):
            raise cause from exc
        log.exception("document batch %s failed", batch_id)
        if isinstance(exc, BuildFailed):
            current = exc.agency
        where = f" ที่{current.name}" if current is not None else ""
        with contextlib.suppress(TakenOver):
            _update(
                batch,
                status=BatchStatus.FAILED,
                finished_at=timezone.now(),
                skipped=list(skipped.values()),
                error=f"สร้างเอกสารไม่สำเร็จ{where}: {exc}",
            )
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


# A report's charts take most of its time; a batch draws the next reports' charts in two other
# processes while this thread writes the current one and Chromium prints the one before.
LOOKAHEAD = 2
POOL_FROM = 8  # agencies: below this, starting the processes costs more than it saves


def _chart_pool(count: int) -> concurrent.futures.ProcessPoolExecutor | None:
    """Two processes that draw charts, or None (a small batch; or inside a daemonic process,
    e.g. a Celery prefork child, which may not have children: there the thread draws)."""
    if count < POOL_FROM or multiprocessing.current_process().daemon:
        return None
    try:
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=2, mp_context=multiprocessing.get_context("spawn")
        )
    except (OSError, ValueError, AssertionError):
        log.warning("no process pool for charts; this thread draws them", exc_info=True)
        return None


class BuildFailed(Exception):
    """A builder's error, raised in its agency's turn (see _prepared)."""

    def __init__(self, agency, error: Exception):
        super().__init__(str(error))
        self.agency, self.error = agency, error


def _prepared(agencies, build: Builder, fiscal_year: int, pool):
    """(agency, document, missing, chart keys) in order, each document built LOOKAHEAD ahead
    with its charts sent to the pool; `missing` is the builder's Thai LookupError/ValueError
    (the agency is skipped). By the time a document is yielded its pictures are primed."""
    queue: collections.deque = collections.deque()
    pending = iter(agencies)

    def prepare(agency):
        try:
            doc = build(agency, fiscal_year)
        except (LookupError, ValueError) as exc:
            return agency, None, exc, []
        except Exception as exc:  # raised in its turn: the agencies before it are made first
            return agency, exc, None, []
        keys = [(b, doc.options.thai_digits) for b in doc.blocks if isinstance(b, Chart)]
        drawing = [(k, pool.submit(charts.png_of, *k)) for k in keys] if pool else []
        return agency, doc, None, drawing

    while True:
        while len(queue) < LOOKAHEAD and (agency := next(pending, None)) is not None:
            queue.append(prepare(agency))
        if not queue:
            return
        agency, doc, missing, drawing = queue.popleft()
        if isinstance(doc, Exception):
            raise BuildFailed(agency, doc)
        for key, future in drawing:
            charts.prime(*key, future.result())
        yield agency, doc, missing, [key for key, _ in drawing]


def _keep_printed(parts: Path, printing) -> None:
    """The PDF of the agency before the failing one is usually still printing: keep it, so a
    resume does not make that agency again."""
    if printing is None:
        return
    try:
        _write_part(parts, printing[0], printing[1].result(timeout=60))
    except Exception:
        log.warning("the last PDF before the failure was lost too", exc_info=True)


def _zip(batch, parts: Path, agencies, skipped: list[dict], target: Path) -> None:
    """The ZIP in agency order, with the list of skipped agencies; whole or not at all."""
    partial = target.with_suffix(f".{uuid.uuid4().hex[:8]}.part")  # two runs never share one
    # Stored, not deflated: DOCX is a ZIP already and PDF streams are compressed.
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:
        for agency in agencies:
            for path in sorted(parts.glob(f"{glob.escape(agency.code)}-*")):
                zf.write(path, path.name)
        if skipped:
            lines = [f"{s['code']}\t{s['name']}\t{s['reason']}" for s in skipped]
            header = f"หน่วยงานที่ไม่ได้สร้างเอกสาร {len(skipped)} แห่ง (รหัส, ชื่อ, เหตุผล)"
            zf.writestr(SKIPPED_NAME, "\n".join([header, *lines]) + "\n")
    partial.replace(target)


def _update(batch: DocumentBatch, **fields) -> None:
    """Progress and the heartbeat, written only while this run holds the batch."""
    fields["heartbeat_at"] = timezone.now()
    if not DocumentBatch.objects.filter(pk=batch.pk, runner=batch.runner).update(**fields):
        raise TakenOver(batch.pk)
    for name, value in fields.items():
        setattr(batch, name, value)
