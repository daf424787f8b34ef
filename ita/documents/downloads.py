"""Downloads of an analysis's documents: the view only builds, renders and streams."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import path

from ita.documents.builders import BUILDERS, VERSION_BUILDERS, build_version
from ita.documents.content import Kind
from ita.documents.views import CONTENT_TYPES, document_response
from ita.improvement.access import can_read_all_progress, get_analysis_for_user
from ita.lib.i18n import in_thai


@login_required
@in_thai
def download(request, pk: int, kind: str, fmt: str):
    analysis = get_analysis_for_user(request.user, pk)
    try:
        kind = Kind(kind)
    except ValueError:
        raise Http404 from None
    if kind not in BUILDERS or fmt not in CONTENT_TYPES:
        raise Http404
    if kind == Kind.O43:
        # the O43 carries every measure's progress, more than a division head may read
        if not can_read_all_progress(request.user, analysis.agency):
            raise Http404("ไม่พบเอกสาร")
        month = request.GET.get("round")
        doc = BUILDERS[kind](
            analysis,
            round_month=int(month) if month and month.isdecimal() and len(month) <= 2 else None,
        )
    else:
        doc = BUILDERS[kind](analysis)
    return document_response(doc, fmt)


@login_required
@in_thai
def version_download(request, pk: int, number: int, kind: str, fmt: str):
    """An approved version's O42 or memo, built from its frozen record: the same document
    whatever happened to the results, the analysis or the measures since."""
    analysis = get_analysis_for_user(request.user, pk)
    version = analysis.versions.filter(number=number).first()
    if version is None or kind not in VERSION_BUILDERS or fmt not in CONTENT_TYPES:
        raise Http404("ไม่พบเอกสารฉบับนี้")
    return document_response(build_version(version, Kind(kind)), fmt, f"-v{version.number}")


urlpatterns = [
    path("analysis/<int:pk>/<str:kind>.<str:fmt>", download, name="analysis_document"),
    path(
        "analysis/<int:pk>/v<int:number>/<str:kind>.<str:fmt>",
        version_download,
        name="version_document",
    ),
]
