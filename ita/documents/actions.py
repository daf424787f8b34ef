"""Audited writes of the documents app."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext

from ita.audit.log import record
from ita.documents import batch as batches
from ita.documents import tasks
from ita.documents.models import BatchStatus, DocumentBatch
from ita.lib.background import enqueue
from ita.lib.policy import require


@transaction.atomic
def start_batch(
    *, acting_user, kind: str, fiscal_year: int, agencies: Iterable, output_format: str
) -> DocumentBatch:
    """Create the batch and, once the transaction commits, run it in the background (the worker
    must see the committed row). Raises LookupError when no builder serves `kind`."""
    if batches.builder_for(kind) is None:
        raise LookupError(f"ยังไม่มีตัวสร้างเอกสารประเภท {kind}")
    agencies = list(agencies)
    require(acting_user, "documents.start_batch", agencies)
    batch = DocumentBatch.objects.create(
        requested_by=acting_user,
        kind=kind,
        fiscal_year=fiscal_year,
        output_format=output_format,
        total=len(agencies),
    )
    batch.agencies.set(agencies)
    record(
        actor=acting_user,
        action="documents.batch_started",
        obj=batch,
        after={
            "kind": kind,
            "fiscal_year": fiscal_year,
            "format": output_format,
            "agencies": sorted(a.pk for a in agencies),
        },
    )
    enqueue(tasks.run_batch, batch.pk, on_error=_unqueued(batch.pk))
    return batch


def _unqueued(batch_id: int):
    def report(_exc) -> None:  # the page says so; the batch can be resumed later
        DocumentBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED,
            error="ส่งงานสร้างเอกสารเข้าคิวไม่ได้ (ระบบคิวงานไม่พร้อม) กด “ทำต่อ” ภายหลัง",
        )

    return report


class BatchError(ValueError):
    """A batch action refused, with the reason (in the reader's language)."""


@transaction.atomic
def resume_batch(*, acting_user, batch: DocumentBatch) -> DocumentBatch:
    """A failed batch (an error, or a worker that died) goes on after the agencies it finished:
    their documents are kept (batch.run_batch)."""
    require(acting_user, "documents.resume_batch", batch)
    batch = DocumentBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.resumable:
        raise BatchError(
            gettext("ชุดเอกสารนี้อยู่ในสถานะ “{status}” จึงทำต่อไม่ได้").format(
                status=batch.get_status_display()
            )
        )
    before = {"status": batch.status, "done": batch.done, "error": batch.error}
    batch.status, batch.error, batch.finished_at = BatchStatus.QUEUED, "", None
    batch.save(update_fields=["status", "error", "finished_at"])
    record(actor=acting_user, action="documents.batch_resumed", obj=batch, before=before,
           after={"status": batch.status})  # fmt: skip
    enqueue(tasks.run_batch, batch.pk, on_error=_unqueued(batch.pk))
    return batch
