"""The approval memo's pages: the opinions of the chain (given on the analysis page) and the
agency's ครุฑ. Thin, as views.py: access helper → form → action → redirect."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ita.agencies.access import get_agency_for_user
from ita.agencies.chains import chain_for
from ita.agencies.garuda import MEMO_HEIGHT_CM, current, garuda_for, upload_garuda
from ita.improvement import actions
from ita.improvement.access import can_give_opinion, can_plan, get_analysis_for_user
from ita.improvement.memo_forms import GarudaForm, OpinionForm
from ita.improvement.models import Analysis, PlanStatus


def chain_context(user, analysis: Analysis) -> dict:
    """The analysis page's view of the chain: each step with its opinion, the next step, and
    whether this user may give it."""
    given = {o.step: o for o in actions.current_opinions(analysis)}
    steps = [(step, given.get(step.order)) for step in chain_for(analysis.agency)]
    pending = next((s for s, o in steps if o is None), None)
    submitted = analysis.status == PlanStatus.SUBMITTED
    return {
        "chain_steps": steps,
        "chain_pending": pending,
        "may_give_opinion": submitted
        and pending is not None
        and can_give_opinion(user, analysis.agency, pending),
        "opinion_form": OpinionForm(),
    }


@login_required
@require_POST
def opinion_give(request, pk: int):
    analysis = get_analysis_for_user(request.user, pk)
    step = actions.next_step(analysis)
    # The next step's role decides (improvement.access); anyone else finds nothing to post to.
    if step is None or not can_give_opinion(request.user, analysis.agency, step):
        raise Http404("ไม่มีความเห็นที่ท่านให้ได้ในขณะนี้")
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("กรุณาระบุความเห็น"))
        return redirect("improvement:analysis", pk=analysis.pk)
    try:
        actions.give_opinion(acting_user=request.user, analysis=analysis, **form.cleaned_data)
    except actions.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("บันทึกความเห็นของ{title}แล้ว").format(title=step.title))
    return redirect("improvement:analysis", pk=analysis.pk)


@login_required
def garuda(request, agency_id: int):
    """The ครุฑ the agency's memos print; its officer uploads the agency's own once."""
    agency = get_agency_for_user(request.user, agency_id)
    may_upload = can_plan(request.user, agency)
    form = GarudaForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_upload:
            raise Http404("ไม่มีสิทธิ์อัปโหลดภาพครุฑ")
        if form.is_valid():
            upload_garuda(acting_user=request.user, agency=agency, data=form.cleaned_data["image"])
            messages.success(request, gettext("บันทึกภาพครุฑแล้ว บันทึกข้อความที่อนุมัติแล้วยังคงใช้ภาพเดิม"))
            return redirect("improvement:garuda", agency_id=agency.pk)
    image = garuda_for(agency)
    row = current(agency)
    return render(
        request,
        "improvement/garuda.html",
        {
            "agency": agency,
            "form": form,
            "may_upload": may_upload,
            "image": base64.b64encode(image.png).decode("ascii"),
            "placeholder": image.placeholder,
            "own": row is not None and row.agency_id == agency.pk,
            "row": row,
            "height_cm": MEMO_HEIGHT_CM,
        },
    )
