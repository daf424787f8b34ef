"""Pages where the national administrator uploads a framework (YAML, or XLSX from the template),
reads its problems or its diff, and loads it. They live in agencies, not frameworks, because
their access rule (access.is_national) is agencies' and frameworks sits above agencies in the
app order (docs/architecture.md): frameworks may not import it. The rules are in frameworks
(upload, workbook, diff, actions); these views only translate HTTP. Templates stay under
frameworks/ beside the concept they show."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ita.agencies.access import is_national
from ita.frameworks import upload_store
from ita.frameworks.actions import (
    UploadRefused,
    frameworks_in_use,
    is_uploaded,
    load_upload,
    preview_upload,
    system_specs,
)
from ita.frameworks.models import Framework
from ita.frameworks.upload import ORIGIN, checksum_of, read_upload
from ita.frameworks.workbook import XLSX_TYPE, definition_to_workbook
from ita.lib.uploads import PolicyFileField


class UploadForm(forms.Form):
    file = PolicyFileField(kind="framework", label=_("ไฟล์กรอบการประเมิน (XLSX จากแม่แบบ หรือ YAML)"))


def _national_or_404(request) -> None:
    # Everyone else sees what a missing page looks like, as elsewhere (style habit 4).
    if not is_national(request.user):
        raise Http404("ไม่พบหน้านี้")


def _rows() -> list[dict]:
    in_use = frameworks_in_use()
    return [
        {
            "framework": framework,
            "provisional": bool(framework.definition.get("provisional")),
            "in_use": framework.pk in in_use,
            "uploaded": is_uploaded(framework),
        }
        for framework in Framework.objects.order_by("-fiscal_year_from")
    ]


def _list(request, form: UploadForm, status: int = 200):
    rows = _rows()
    latest = rows[0]["framework"] if rows else None
    context = {"rows": rows, "form": form, "latest": latest}
    return render(request, "frameworks/list.html", context, status=status)


@login_required
def framework_list(request):
    _national_or_404(request)
    return _list(request, UploadForm())


@login_required
def framework_workbook(request, code: str):
    """Any framework as an XLSX: the template an administrator edits into a new version."""
    _national_or_404(request)
    framework = Framework.objects.filter(code=code).first()
    if framework is None:
        raise Http404("ไม่พบกรอบการประเมิน")
    definition = {k: v for k, v in framework.definition.items() if k != ORIGIN}
    response = HttpResponse(definition_to_workbook(definition), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{framework.code}.xlsx")
    return response


@login_required
@require_POST
def framework_upload(request):
    _national_or_404(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list(request, form, status=400)
    file = form.cleaned_data["file"]
    content = file.read()
    upload = read_upload(file.name, content, known=system_specs())
    if not upload.ok:
        context = {"upload": upload}
        return render(request, "frameworks/problems.html", context, status=400)
    preview = preview_upload(upload)
    token = "" if preview.refusal else upload_store.keep(request.user.pk, file.name, content)
    return render(request, "frameworks/preview.html", {"preview": preview, "token": token})


@login_required
@require_POST
def framework_confirm(request):
    _national_or_404(request)
    token = request.POST.get("token", "")
    stored = upload_store.fetch(request.user.pk, token)
    if stored is None:
        messages.warning(request, gettext("ไม่พบไฟล์ที่รอยืนยัน (เก็บไว้ 1 ชั่วโมง) กรุณาอัปโหลดใหม่"))
        return redirect("frameworks:list")
    filename, content = stored
    if checksum_of(content) != request.POST.get("checksum", ""):
        upload_store.discard(request.user.pk, token)
        messages.error(request, gettext("ไฟล์ไม่ตรงกับที่แสดงตัวอย่าง ไม่ได้โหลดสิ่งใด กรุณาอัปโหลดใหม่"))
        return redirect("frameworks:list")
    upload = read_upload(filename, content, known=system_specs())
    try:
        outcome = load_upload(acting_user=request.user, upload=upload)
    except UploadRefused as exc:
        # the system changed since the preview (another framework loaded meanwhile)
        context = {"preview": preview_upload(upload), "token": "", "refused": str(exc)}
        return render(request, "frameworks/preview.html", context, status=409)
    upload_store.discard(request.user.pk, token)
    messages.success(request, outcome.message)
    return redirect("frameworks:list")


@login_required
@require_POST
def framework_cancel(request):
    _national_or_404(request)
    upload_store.discard(request.user.pk, request.POST.get("token", ""))
    messages.info(request, gettext("ยกเลิกแล้ว ไม่ได้โหลดกรอบการประเมินใด"))
    return redirect("frameworks:list")
