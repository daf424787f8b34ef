"""Thin views: access helper → form → action → redirect or render."""

from __future__ import annotations

from pathlib import Path

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ita.agencies.access import agencies_for_user, can_write, get_agency_for_user
from ita.disclosure import actions, checks, presentation, rules
from ita.disclosure.access import can_edit_item, can_review, get_item_for_user, get_risk_for_user
from ita.disclosure.actions import DisclosureError
from ita.disclosure.forms import (
    AssignForm,
    ClarificationForm,
    EvidenceForm,
    FollowUpForm,
    ReviewForm,
    RiskForm,
)
from ita.disclosure.models import (
    DisclosureItem,
    DisclosureYear,
    Evidence,
    ItemStatus,
    LinkCheck,
    LinkCheckRun,
    RunStatus,
)
from ita.frameworks import years
from ita.lib.thai_dates import parse_fiscal_year


def default_year() -> int:
    """The latest year with a framework (its own or declared) that has begun."""
    year = years.default_year()
    if year is None:
        raise Http404("ยังไม่ได้โหลดกรอบการประเมิน")
    return year


def latest_year(agencies) -> int:
    """The newest year with an OIT checklist among these agencies, else default_year()."""
    newest = DisclosureYear.objects.filter(agency__in=agencies).aggregate(y=Max("fiscal_year"))["y"]
    return newest or default_year()


def _year_or_none(agency, year: int) -> DisclosureYear | None:
    return (
        DisclosureYear.objects.select_related("framework")
        .filter(agency=agency, fiscal_year=year)
        .first()
    )


def _years() -> list[tuple[int, str]]:
    """(year, label) oldest first for the year buttons; a declared year says so in its label."""
    return list(reversed(years.year_choices()))


@login_required
def index(request):
    if request.GET.get("agency"):
        agency = get_agency_for_user(request.user, request.GET["agency"])
        return redirect("disclosure:year", agency_id=agency.pk, year=latest_year([agency]))
    agencies = list(agencies_for_user(request.user)[:2])
    if len(agencies) == 1:
        return redirect("disclosure:year", agency_id=agencies[0].pk, year=latest_year(agencies))
    return redirect("disclosure:readiness")


@login_required
def year_view(request, agency_id: int, year: int):
    agency = get_agency_for_user(request.user, agency_id)
    governing = years.for_year(year)
    if governing is None:
        raise Http404("ไม่มีกรอบการประเมินของปีนี้")
    disclosure = _year_or_none(agency, year)
    items = []
    if disclosure:
        items = (
            disclosure.items.select_related("item", "division")
            .annotate(revisions=Count("evidence"))
            .order_by("item__position")
        )
    context = {
        "agency": agency,
        "year": year,
        "years": _years(),
        "notice": governing.notice,
        "disclosure": disclosure,
        "items": items,
        "can_write": can_write(request.user, agency),
    }
    if disclosure:
        context |= presentation.year_summary(disclosure, items)
        context |= presentation.year_rows(disclosure, items)
    return render(request, "disclosure/year.html", context)


@login_required
@require_POST
def open_year(request, agency_id: int, year: int):
    agency = get_agency_for_user(request.user, agency_id, write=True)
    try:
        actions.open_year(acting_user=request.user, agency=agency, fiscal_year=year)
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("disclosure:year", agency_id=agency.pk, year=year)


def _item_context(request, item: DisclosureItem, **forms) -> dict:
    # The run before the verdicts: a run seen done has stored its results already, while one
    # that ends after this read leaves the page polling (read the other way round, a run ending
    # in between would show "done" above links not yet checked).
    check_run = run_progress(checks.latest_run(item))
    agency = item.year.agency
    spec_item = item.year.framework.spec.item(item.item.code)
    evidence = item.evidence.select_related("created_by").prefetch_related(
        Prefetch("links__checks", queryset=LinkCheck.objects.order_by("-checked_at", "-pk"))
    )
    reviews = item.reviews.select_related("assessor").prefetch_related("clarifications")
    editable = can_edit_item(request.user, item)
    reviewer = can_review(request.user, agency)
    latest_review = reviews.first()
    evidence = list(evidence)
    return {
        "agency": agency,
        "item": item,
        "spec_item": spec_item,
        "evidence": [presentation.evidence_view(e) for e in evidence],
        "change": presentation.item_change(item),
        "proposals": presentation.proposals(item, evidence[0] if evidence else None),
        "reviews": reviews,
        "latest_review": latest_review,
        "can_edit": editable,
        "can_review": reviewer,
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            agency=agency, initial={"division": item.division_id, "due_date": item.due_date}
        ),
        "review_form": forms.get("review_form") or ReviewForm(),
        "answer_form": forms.get("answer_form") or ClarificationForm(),
        "can_answer": editable and latest_review is not None and not latest_review.accepted,
        "risk_item": presentation.is_risk_item(item),
        "check_run": check_run,
    }


@login_required
def item_view(request, item_id: int):
    item = get_item_for_user(request.user, item_id)
    return render(request, "disclosure/item.html", _item_context(request, item))


def _editable_item_or_404(request, item_id: int) -> DisclosureItem:
    item = get_item_for_user(request.user, item_id)
    if not can_edit_item(request.user, item):
        raise Http404("ไม่มีสิทธิ์แก้ไขข้อนี้")
    return item


def run_progress(run: LinkCheckRun | None) -> dict | None:
    """What the item page and its progress endpoint show of a run, in Thai."""
    if run is None:
        return None
    if run.status == RunStatus.DONE:
        found = (
            gettext("พบปัญหา %(n)s รายการ") % {"n": run.problems}
            if run.problems
            else gettext("เปิดได้ทั้งหมด")
        )
        text = gettext("ตรวจลิงก์แล้ว %(n)s รายการ %(found)s") % {"n": run.total, "found": found}
    elif run.status == RunStatus.FAILED:
        text = run.error or run.get_status_display()
    else:
        text = f"{run.get_status_display()} {run.done}/{run.total}"
    return {
        "id": run.pk,
        "status": run.status,
        "active": run.active,
        "done": run.done,
        "total": run.total,
        "problems": run.problems,
        "percent": run.percent,
        "text": text,
    }


def _queue_check(request, item: DisclosureItem, reason: str) -> None:
    """Queue a background check of the item's links (never inside the request: issue 10) and
    say so; the item page shows its progress."""
    run, started = actions.start_link_check(acting_user=request.user, item=item, reason=reason)
    if started:
        messages.info(
            request,
            gettext("กำลังตรวจลิงก์ %(n)s รายการในเบื้องหลัง ดูความคืบหน้าได้ที่หน้านี้") % {"n": run.total},
        )
    elif run is not None:
        messages.info(request, gettext("กำลังตรวจลิงก์ของข้อนี้อยู่แล้ว รอให้เสร็จก่อนจึงตรวจอีกครั้งได้"))


@login_required
@require_POST
def add_evidence(request, item_id: int):
    item = _editable_item_or_404(request, item_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _item_context(request, item, evidence_form=form)
        return render(request, "disclosure/item.html", context, status=400)
    actions.add_evidence(
        acting_user=request.user,
        item=item,
        urls=form.cleaned_data["urls"],
        explanation=form.cleaned_data["explanation"],
        file=form.cleaned_data["file"],
    )
    messages.success(request, gettext("บันทึกหลักฐานแล้ว"))
    _queue_check(request, item, "evidence")
    return redirect("disclosure:item", item_id=item.pk)


@login_required
@require_POST
def take_over(request, item_id: int):
    """Take the earlier year's evidence of the item's predecessor(s) as a new revision."""
    item = _editable_item_or_404(request, item_id)
    raw = request.POST.getlist("source")
    # an id: digits only, and short enough for int() (4,300 digits at most)
    if not raw or not all(value.isdecimal() and len(value) <= 100 for value in raw):
        messages.error(request, gettext("กรุณาเลือกหลักฐานของปีก่อนที่จะยกมา"))
        return redirect("disclosure:item", item_id=item.pk)
    try:
        evidence = actions.take_over_evidence(
            acting_user=request.user, item=item, source_ids=[int(value) for value in raw]
        )
    except DisclosureError as exc:
        messages.error(request, str(exc))
        return redirect("disclosure:item", item_id=item.pk)
    messages.success(
        request,
        gettext("ยกหลักฐานของปีก่อนมาเป็นฉบับที่ %(n)s แล้ว") % {"n": evidence.revision},
    )
    if evidence.links.exists():
        _queue_check(request, item, "take_over")
    return redirect("disclosure:item", item_id=item.pk)


@login_required
@require_POST
def check_links(request, item_id: int):
    # Checking makes the server fetch every URL of the item: the same people as may add them.
    item = _editable_item_or_404(request, item_id)
    _queue_check(request, item, "check")
    return redirect("disclosure:item", item_id=item.pk)


@login_required
def check_progress(request, item_id: int):
    """The newest run's progress as JSON, for the item page's script: whoever may read the item
    may see it (starting a run is for editors only, check_links)."""
    item = get_item_for_user(request.user, item_id)
    progress = run_progress(checks.latest_run(item))
    return JsonResponse({"run": progress}, json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def assign(request, item_id: int):
    item = get_item_for_user(request.user, item_id)
    if not can_write(request.user, item.year.agency):
        raise Http404("ไม่มีสิทธิ์มอบหมายงาน")
    form = AssignForm(request.POST, agency=item.year.agency)
    if not form.is_valid():
        return render(
            request,
            "disclosure/item.html",
            _item_context(request, item, assign_form=form),
            status=400,
        )
    actions.assign_item(acting_user=request.user, item=item, **form.cleaned_data)
    messages.success(request, gettext("บันทึกการมอบหมายแล้ว"))
    return redirect("disclosure:item", item_id=item.pk)


@login_required
@require_POST
def mark_ready(request, item_id: int):
    item = _editable_item_or_404(request, item_id)
    try:
        actions.mark_ready(acting_user=request.user, item=item)
    except DisclosureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("แจ้งว่าข้อนี้พร้อมให้ผู้ตรวจประเมินตรวจแล้ว"))
    return redirect("disclosure:item", item_id=item.pk)


@login_required
@require_POST
def review(request, item_id: int):
    item = get_item_for_user(request.user, item_id)
    if not can_review(request.user, item.year.agency):
        raise Http404("เฉพาะผู้ตรวจประเมินที่ได้รับมอบหมาย")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "disclosure/item.html",
            _item_context(request, item, review_form=form),
            status=400,
        )
    actions.review_item(acting_user=request.user, item=item, **form.cleaned_data)
    messages.success(request, gettext("บันทึกผลการตรวจแล้ว"))
    return redirect("disclosure:item", item_id=item.pk)


@login_required
@require_POST
def answer(request, item_id: int):
    item = _editable_item_or_404(request, item_id)
    form = ClarificationForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "disclosure/item.html",
            _item_context(request, item, answer_form=form),
            status=400,
        )
    try:
        clarification = actions.answer_review(
            acting_user=request.user, item=item, **form.cleaned_data
        )
    except DisclosureError as exc:
        messages.error(request, str(exc))
        return redirect("disclosure:item", item_id=item.pk)
    messages.success(request, gettext("ส่งคำชี้แจงแล้ว รอผลการตรวจรอบสุดท้าย"))
    if clarification.evidence:
        _queue_check(request, item, "answer")
    return redirect("disclosure:item", item_id=item.pk)


@login_required
def evidence_file(request, evidence_id: int):
    try:
        evidence = Evidence.objects.get(
            pk=evidence_id, item__year__agency__in=agencies_for_user(request.user)
        )
    except (Evidence.DoesNotExist, ValueError):
        raise Http404("ไม่พบไฟล์") from None
    if not evidence.file:
        raise Http404("ไม่พบไฟล์")
    # FileResponse streams, and writes Thai file names as RFC 5987 (filename*=UTF-8'').
    name = evidence.file.name.rsplit("/", 1)[-1]
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)


# The embed's <style> holds no template syntax, so the file's hash is the rendered one
# (test_views checks they agree): the preview's srcdoc frame inherits this page's policy.
EMBED_STYLES = rules.style_hashes(
    (Path(__file__).parent / "templates/disclosure/embed.html").read_text(encoding="utf-8")
)


@login_required
@csp_update({"style-src": EMBED_STYLES})
def disclosure_page(request, agency_id: int, year: int):
    agency = get_agency_for_user(request.user, agency_id)
    disclosure = _year_or_none(agency, year)
    if disclosure is None:
        raise Http404("ยังไม่ได้เริ่มรายการตรวจ OIT ของปีนี้")
    page = presentation.public_page(disclosure)
    with translation.override("th"):  # the file goes on the agency's Thai website as it is
        html = render_to_string(
            "disclosure/embed.html", {"page": presentation.public_page(disclosure)}
        )
    if request.GET.get("download"):
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        name = f"oit-{year}-{agency.code}.html"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "disclosure/page.html",
        {"agency": agency, "year": year, "disclosure": disclosure, "html": html, "page": page},
    )


@login_required
def risks(request, agency_id: int, year: int):
    agency = get_agency_for_user(request.user, agency_id)
    disclosure = _year_or_none(agency, year)
    if disclosure is None:
        raise Http404("ยังไม่ได้เริ่มรายการตรวจ OIT ของปีนี้")
    writer = can_write(request.user, agency)
    form = RiskForm(request.POST or None, agency=agency)
    if request.method == "POST":
        if not writer:
            raise Http404("ไม่มีสิทธิ์แก้ไขทะเบียนความเสี่ยง")
        if form.is_valid():
            try:
                actions.add_risk(acting_user=request.user, year=disclosure, **form.cleaned_data)
            except DisclosureError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, gettext("เพิ่มเหตุการณ์ความเสี่ยงแล้ว"))
                return redirect("disclosure:risks", agency_id=agency.pk, year=year)
    context = presentation.register(disclosure)
    context |= {
        "agency": agency,
        "year": year,
        "form": form,
        "can_write": writer,
        "follow_up_form": FollowUpForm(),
    }
    return render(request, "disclosure/risks.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def risk_follow_up(request, risk_id: int):
    risk = get_risk_for_user(request.user, risk_id)
    if not can_write(request.user, risk.year.agency):
        raise Http404("ไม่มีสิทธิ์แก้ไขทะเบียนความเสี่ยง")
    form = FollowUpForm(request.POST)
    if form.is_valid():
        actions.add_follow_up(acting_user=request.user, risk=risk, **form.cleaned_data)
        messages.success(request, gettext("บันทึกผลการติดตามแล้ว"))
    else:
        messages.error(request, gettext("กรุณากรอกวันที่ สถานะ และผลการดำเนินการให้ครบ"))
    return redirect("disclosure:risks", agency_id=risk.year.agency_id, year=risk.year.fiscal_year)


@login_required
@require_POST
def risk_delete(request, risk_id: int):
    risk = get_risk_for_user(request.user, risk_id)
    if not can_write(request.user, risk.year.agency):
        raise Http404("ไม่มีสิทธิ์แก้ไขทะเบียนความเสี่ยง")
    year = risk.year
    actions.delete_risk(acting_user=request.user, risk=risk)
    messages.success(request, gettext("ลบเหตุการณ์ความเสี่ยงแล้ว"))
    return redirect("disclosure:risks", agency_id=year.agency_id, year=year.fiscal_year)


@login_required
def readiness(request):
    choices = _years()
    year = parse_fiscal_year(request.GET.get("year") or "")
    if year not in {y for y, _ in choices}:
        year = latest_year(agencies_for_user(request.user))
    status = Q(disclosure_years__fiscal_year=year)
    per_status = {
        key: Count(
            "disclosure_years__items", filter=status & Q(disclosure_years__items__status=key)
        )
        for key in ItemStatus.values
    }
    agencies = (
        agencies_for_user(request.user)
        .select_related("province")
        .annotate(
            total=Count("disclosure_years__items", filter=status),
            with_evidence=Count(
                "disclosure_years__items",
                filter=status & ~Q(disclosure_years__items__status=ItemStatus.NOT_STARTED),
            ),
            failing=Count(
                "disclosure_years__items",
                filter=status
                & Q(
                    disclosure_years__items__link_verdict__in=list(
                        actions.BLOCKS_READY | {"off_site"}
                    )
                ),
            ),
            stale=Count(
                "disclosure_years__items",
                filter=status & Q(disclosure_years__items__link_stale=True),
            ),
            **per_status,
        )
        .order_by("province__name", "name")
    )
    page = Paginator(agencies, 100).get_page(request.GET.get("page"))
    rows = [presentation.readiness_row(a) for a in page]
    return render(
        request,
        "disclosure/readiness.html",
        {
            "rows": rows,
            "page": page,
            "year": year,
            "years": choices,
            "notice": years.notice_for(year),
        },
    )
