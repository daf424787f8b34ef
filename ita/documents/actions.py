"""Audited writes of the documents app."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ita.audit.log import record
from ita.documents import batch as batches
from ita.documents.models import DocumentBatch


@transaction.atomic
def start_batch(
    *, acting_user, kind: str, fiscal_year: int, agencies: Iterable, output_format: str
) -> DocumentBatch:
    """Create the batch and, once the transaction commits, run it in a background thread
    (the thread must see the committed row). Raises LookupError when no builder serves `kind`."""
    build = batches.builder_for(kind)
    if build is None:
        raise LookupError(f"ยังไม่มีตัวสร้างเอกสารประเภท {kind}")
    agencies = list(agencies)
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
    transaction.on_commit(lambda: batches.start_in_background(batch.pk, build))
    return batch
