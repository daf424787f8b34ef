"""Who may see a document batch: the user who started it, and national admins. Anyone else
gets 404, the same as for a batch that does not exist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ita.agencies.access import agencies_for_user, is_national
from ita.documents.models import DocumentBatch
from ita.lib.policy import rule


def batches_for_user(user) -> QuerySet[DocumentBatch]:
    if not user.is_authenticated:
        return DocumentBatch.objects.none()
    if is_national(user):
        return DocumentBatch.objects.all()
    return DocumentBatch.objects.filter(requested_by=user)


def get_batch_for_user(user, pk: int) -> DocumentBatch:
    try:
        return batches_for_user(user).get(pk=pk)
    except (DocumentBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบชุดเอกสาร") from None


def can_start_batch(user) -> bool:
    """Those who may write for at least one agency (the batch form offers those agencies)."""
    return user.is_authenticated and agencies_for_user(user, write=True).exists()


@rule("documents.start_batch")
def may_batch(user, agencies) -> bool:
    """A batch may name only agencies the user writes for (one query for all of them)."""
    ids = {a.pk for a in agencies}
    return bool(ids) and agencies_for_user(user, write=True).filter(pk__in=ids).count() == len(ids)


@rule("documents.resume_batch")
def may_resume(user, batch: DocumentBatch) -> bool:
    return is_national(user) or (user.is_authenticated and batch.requested_by_id == user.pk)
