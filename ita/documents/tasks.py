"""The batch as a Celery task: a worker in production, a thread in the embedded default
(ita.lib.background). The batch row holds all its state, so a redelivered task or a resumed
batch continues from the row (batch.claim, batch.run_batch)."""

from __future__ import annotations

from celery import shared_task

from ita.documents import batch as batches
from ita.documents.models import BatchStatus, DocumentBatch


@shared_task(name="documents.run_batch", acks_late=True, reject_on_worker_lost=True)
def run_batch(batch_id: int) -> None:
    batch = DocumentBatch.objects.get(pk=batch_id)
    build = batches.builder_for(batch.kind)
    if build is None:  # the worker runs without the app that registers this kind
        DocumentBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED, error=f"ระบบยังสร้างเอกสารประเภท {batch.kind} ไม่ได้"
        )
        return
    batches.run_batch(batch_id, build)
