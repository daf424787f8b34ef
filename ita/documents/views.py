"""Thin views: access helper → form → action or renderer → response. A view only streams the
bytes the renderers make."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ita.agencies.access import agencies_for_user, get_agency_for_user
from ita.documents import batch as batches
from ita.documents.access import batches_for_user, can_start_batch, get_batch_for_user
from ita.documents.actions import BatchError, resume_batch, start_batch
from ita.documents.forms import BatchForm, DocumentForm
from ita.documents.models import BatchStatus
from ita.lib.i18n import in_thai
from ita.lib.responses import attachment

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
def agency_documents(request, agency_id: int):
    """Pick a document, a year and a format; the same URL with the choice downloads it."""
    agency = get_agency_for_user(request.user, agency_id)
    form = DocumentForm(request.GET if "kind" in request.GET else None)
    if form.is_bound and form.is_valid():
        response = _download(request, form, agency)
        if response is not None:
            return response
    return render(request, "documents/agency.html", {"agency": agency, "form": form})


@in_thai
def _download(request, form: DocumentForm, agency) -> HttpResponse | None:
    kind, year, fmt = (form.cleaned_data[k] for k in ("kind", "fiscal_year", "fmt"))
    build = batches.builder_for(kind)
    if build is None:
        form.add_error(None, "ระบบยังสร้างเอกสารประเภทนี้ไม่ได้")
        return None
    try:
        doc = build(agency, year)
    except (LookupError, ValueError) as exc:  # builders say in Thai what is missing
        form.add_error(None, str(exc))
        return None
    return document_response(doc, fmt)


def document_response(doc, fmt: str, suffix: str = "") -> HttpResponse:
    """A document rendered in one format, as a download named after it (every document
    download of the system goes through here)."""
    return attachment(
        batches.render(doc, fmt), f"{doc.file_stem()}{suffix}.{fmt}", CONTENT_TYPES[fmt]
    )


@login_required
def batch_list(request):
    queryset = batches_for_user(request.user).select_related("requested_by")
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    return render(request, "documents/batch_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request):
    if not can_start_batch(request.user):
        raise Http404("ไม่มีหน่วยงานที่สร้างเอกสารได้")
    agencies = agencies_for_user(request.user, write=True).order_by("name")
    initial = {"agencies": list(agencies.values_list("pk", flat=True)), "output_format": "both"}
    form = BatchForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            batch = start_batch(
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                fiscal_year=form.cleaned_data["fiscal_year"],
                agencies=form.cleaned_data["agencies"],
                output_format=form.cleaned_data["output_format"],
            )
        except LookupError:
            form.add_error("kind", gettext("ระบบยังสร้างเอกสารประเภทนี้ไม่ได้"))
        else:
            messages.success(request, gettext("เริ่มสร้างเอกสารแล้ว ติดตามความคืบหน้าได้ที่หน้านี้"))
            return redirect("documents:batch", batch_id=batch.pk)
    return render(request, "documents/batch_new.html", {"form": form})


@login_required
def batch_detail(request, batch_id: int):
    batch = batches.mark_if_stale(get_batch_for_user(request.user, batch_id))
    template = "documents/partials/batch_progress.html" if request.htmx else "documents/batch.html"
    return render(request, template, {"batch": batch})


@login_required
@require_http_methods(["POST"])
def batch_resume(request, batch_id: int):
    batch = batches.mark_if_stale(get_batch_for_user(request.user, batch_id))
    try:
        resume_batch(acting_user=request.user, batch=batch)
    except BatchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("สร้างเอกสารต่อจากหน่วยงานที่เสร็จแล้ว"))
    return redirect("documents:batch", batch_id=batch.pk)


@login_required
def batch_download(request, batch_id: int):
    batch = get_batch_for_user(request.user, batch_id)
    path = Path(settings.MEDIA_ROOT) / batch.output
    if batch.status != BatchStatus.DONE or not batch.output or not path.is_file():
        raise Http404("ไฟล์ยังไม่พร้อม")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
