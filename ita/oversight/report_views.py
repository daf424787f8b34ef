"""The province summary report's download: access helper → year → builder → the documents
app's response (one way to stream a document). Read-only, so there is no action to audit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ita.documents.views import CONTENT_TYPES, document_response
from ita.lib.i18n import in_thai
from ita.oversight.access import get_province_for_user
from ita.oversight.forms import YearForm
from ita.oversight.report import build_province_report


@login_required
@in_thai
def province_report(request, province_id: int, fmt: str):
    """`?year=2562`: the report on that year's results, DOCX or PDF. A year that does not
    parse, or one without results, goes back to the dashboard with a message."""
    if fmt not in CONTENT_TYPES:
        raise Http404("ไม่รู้จักรูปแบบไฟล์")
    province = get_province_for_user(request.user, province_id)
    form = YearForm(request.GET or None)
    year = form.chosen_year()
    back = reverse("oversight:province", args=[province.pk])
    if year is None or (form.is_bound and not form.is_valid()):
        # lazy: the message is stored after the response, outside the document's Thai
        messages.error(request, gettext_lazy("ปีงบประมาณไม่ถูกต้อง: เลือกปีที่มีกรอบการประเมิน"))
        return redirect(back)
    try:
        doc = build_province_report(province, year)
    except LookupError as exc:  # no result that year, or no framework: said in Thai
        messages.error(request, str(exc))
        return redirect(f"{back}?year={year}" if year else back)
    return document_response(doc, fmt)
