"""The batch as a Celery task: a worker in production, a thread in the embedded default
(ita.lib.background). The batch row holds all its state, so a redelivered task or a resumed
batch continues from the row (batch.claim, batch.run_claimed).

Acknowledged when it ends (acks_late), and handed back when its worker process is lost
(reject_on_worker_lost; Redis returns an unacknowledged task after the visibility timeout,
settings). The task that comes back finds the batch running under the dead run's name: it takes
the batch over once that run's lease has lapsed, and until then looks again later, so a batch
whose worker died is finished by another, after the documents it already has."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from ita.audit.log import record
from ita.documents import batch as batches
from ita.documents.models import BatchStatus, DocumentBatch
from ita.lib.background import RETRY


@shared_task(
    bind=True, name="documents.run_batch", acks_late=True, reject_on_worker_lost=True, **RETRY
)
def run_batch(self, batch_id: int) -> None:
    batch = DocumentBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.finished:
        return  # done already (a late redelivery), or deleted
    build = batches.builder_for(batch.kind)
    if build is None:  # the worker runs without the app that registers this kind
        DocumentBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED, error=f"ระบบยังสร้างเอกสารประเภท {batch.kind} ไม่ได้"
        )
        return
    direct = self.request.called_directly  # the embedded default's thread: no retry to come
    runner = f"{batches.new_runner()}:{self.request.id or 'thread'}"[:120]
    if batches.claim(batch_id, runner):
        if batch.status == BatchStatus.RUNNING:  # held by a run silent past its lease
            record(actor=None, action="documents.batch_taken_over", obj=batch,
                   before={"runner": batch.runner, "done": batch.done},
                   after={"runner": runner})  # fmt: skip
        batches.run_claimed(batch_id, build, runner, retry_database_errors=not direct)
    elif batch.status == BatchStatus.RUNNING and not direct:
        watch(self, batch)


def watch(task, batch: DocumentBatch) -> None:
    """Another run holds the batch: alive, or dead with its lease not yet lapsed. Look again
    just after the lease would lapse if nothing more is heard (a new message, not a retry:
    the retries are the database's)."""
    if task.app.conf.task_always_eager:
        return  # no broker: the embedded default's thread is the only run
    lease = batches.lease().total_seconds()
    silent = (timezone.now() - (batch.heartbeat_at or batch.created_at)).total_seconds()
    # A worker holds a message with a countdown unacknowledged; held past the visibility
    # timeout, Redis would hand it out again, and the lookers would multiply.
    visibility = task.app.conf.broker_transport_options.get("visibility_timeout", 3600)
    countdown = min(lease - silent + 1, lease, visibility / 2)
    task.apply_async((batch.pk,), countdown=max(1.0, countdown))
