"""Thin views: access helper → form → action → redirect or render.

Two sides: officers and coordinators (logged in; every view asks agencies.access through
queries.get_wave_for_user), and respondents (anonymous; a one-time IIT link or a public EIT
link). Respondent views never log or store who they talk to."""

from __future__ import annotations

import csv
import functools
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from ita.agencies.access import (
    agencies_for_user,
    can_write,
    get_agency_for_user,
    provinces_for_user,
)
from ita.frameworks.scoring import ScoringError
from ita.surveys import actions, challenge, presentation, ratelimit, tokens
from ita.surveys.forms import (
    MAX_SLIPS_PER_RUN,
    HeadcountForm,
    ProvinceWavesForm,
    SlipsForm,
    WaveForm,
)
from ita.surveys.models import Campaign, Tool, Wave
from ita.surveys.qr import qr_svg
from ita.surveys.queries import (
    forget_wave,
    get_wave_for_user,
    public_wave,
    questionnaire_of,
    response_count,
    with_answer_counts,
)
from ita.surveys.questionnaire import AnswerError, read_answers

# ---------------------------------------------------------------- officers


@login_required
def wave_list(request):
    waves = with_answer_counts(
        Wave.objects.filter(agency__in=agencies_for_user(request.user)).select_related("agency")
    ).order_by("-fiscal_year", "agency__name", "tool")
    page = Paginator(waves, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/wave_list.html",
        {"page": page, "provinces": provinces_for_user(request.user).exists()}
        | presentation.year_notes(page),
    )


@login_required
def agency_waves(request, agency_id: int):
    agency = get_agency_for_user(request.user, agency_id)
    waves = with_answer_counts(agency.waves.all()).order_by("-fiscal_year", "tool")
    return render(
        request,
        "surveys/agency_waves.html",
        {"agency": agency, "waves": waves, "can_write": can_write(request.user, agency)}
        | presentation.year_notes(waves),
    )


@login_required
@require_http_methods(["GET", "POST"])
def wave_new(request, agency_id: int):
    agency = get_agency_for_user(request.user, agency_id, write=True)
    form = WaveForm(request.POST or None, initial=None if request.POST else _wave_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wave = actions.open_wave(
                acting_user=request.user, agency=agency, tool=data["tool"],
                fiscal_year=data["fiscal_year"], starts_on=data["starts_on"],
                ends_on=data["ends_on"], population=data["population"],
            )  # fmt: skip
        except (actions.SurveyError, ScoringError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("เปิดรอบการสำรวจ %(tool)s แล้ว") % {"tool": wave.tool})
            return redirect("surveys:wave_detail", wave_id=wave.pk)
    return render(
        request,
        "surveys/wave_form.html",
        {"agency": agency, "form": form, "notice": presentation.form_notice(form)},
    )


def _wave_initial(request) -> dict | None:
    tool = request.GET.get("tool")
    if tool in Tool.values:
        form = WaveForm()
        return {**form.initial, "tool": tool}
    return None


@login_required
def wave_detail(request, wave_id: int):
    wave = get_wave_for_user(request.user, wave_id)
    context = presentation.wave_page(wave)
    context |= {
        "wave": wave,
        "can_write": can_write(request.user, wave.agency),
        "headcount_form": HeadcountForm(initial={"population": wave.population}),
        "slips_form": SlipsForm(initial={"count": _slips_wanted(wave)}),
        "unused_slips": wave.tokens.count() if wave.tool == Tool.IIT else 0,
    }
    return render(request, "surveys/wave_detail.html", context)


@login_required
def wave_progress(request, wave_id: int):
    wave = get_wave_for_user(request.user, wave_id)
    return render(
        request,
        "surveys/partials/progress.html",
        {"wave": wave, "progress": presentation.progress(wave, response_count(wave))},
    )


@login_required
@require_POST
def wave_headcount(request, wave_id: int):
    wave = get_wave_for_user(request.user, wave_id, write=True)
    form = HeadcountForm(request.POST)
    if form.is_valid():
        try:
            actions.set_population(
                acting_user=request.user, wave=wave, population=form.cleaned_data["population"]
            )
        except actions.SurveyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, gettext("บันทึกจำนวนแล้ว"))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("surveys:wave_detail", wave_id=wave.pk)


@login_required
@require_POST
def wave_close(request, wave_id: int):
    wave = get_wave_for_user(request.user, wave_id, write=True)
    try:
        actions.close_wave(acting_user=request.user, wave=wave)
        forget_wave(wave.public_code)
    except actions.SurveyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("ปิดรอบการสำรวจและคำนวณคะแนนแล้ว"))
    return redirect("surveys:wave_detail", wave_id=wave.pk)


def _slips_wanted(wave: Wave) -> int:
    return min(MAX_SLIPS_PER_RUN, max(1, wave.population - wave.tokens_issued))


@login_required
@require_http_methods(["GET", "POST"])
def wave_slips(request, wave_id: int):
    """Issue and print IIT slips. Writers only: a slip is a key to answer. The tokens exist only
    in this one response (never stored, never recomputable), so the page says to print now."""
    wave = get_wave_for_user(request.user, wave_id, write=True)
    if wave.tool != Tool.IIT:
        raise Http404("รอบนี้ไม่ใช่แบบวัด IIT")
    form = SlipsForm(request.POST or None, initial={"count": _slips_wanted(wave)})
    if request.method == "POST" and form.is_valid():
        try:
            issued = actions.issue_slips(
                acting_user=request.user, wave=wave, count=form.cleaned_data["count"]
            )
        except actions.SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            response = render(request, "surveys/slips.html", _slips(request, wave, issued))
            response["Cache-Control"] = "no-store"  # the only copy of the tokens: keep none
            return response
    return render(request, "surveys/slips_form.html", {"wave": wave, "form": form}, status=200
                  if request.method == "GET" or form.is_valid() else 422)  # fmt: skip


def _slips(request, wave: Wave, issued: list[str]) -> dict:
    slips = []
    for token in issued:
        url = request.build_absolute_uri(
            reverse("surveys:respond_iit", args=[wave.public_code, token])
        )
        slips.append({"url": url, "token": token, "qr": qr_svg(url, scale=3)})
    return {"wave": wave, "slips": slips}


@login_required
@require_POST
def wave_slips_void(request, wave_id: int):
    wave = get_wave_for_user(request.user, wave_id, write=True)
    if wave.tool != Tool.IIT:
        raise Http404("รอบนี้ไม่ใช่แบบวัด IIT")
    voided = actions.void_unused_slips(acting_user=request.user, wave=wave)
    messages.success(request, gettext("ยกเลิกใบรหัสที่ยังไม่ได้ใช้แล้ว %(n)s ใบ") % {"n": voided})
    return redirect("surveys:wave_detail", wave_id=wave.pk)


def _poster(request, wave: Wave) -> dict:
    url = request.build_absolute_uri(reverse("surveys:respond_eit", args=[wave.public_code]))
    return {"wave": wave, "url": url, "qr": qr_svg(url, scale=8)}


@login_required
def wave_poster(request, wave_id: int):
    wave = get_wave_for_user(request.user, wave_id)
    if wave.tool != Tool.EIT:
        raise Http404("รอบนี้ไม่ใช่แบบวัด EIT")
    return render(request, "surveys/posters.html", {"posters": [_poster(request, wave)]})


@login_required
def wave_export(request, wave_id: int):
    """Aggregates only (per-item respondents and scores), and only past the privacy threshold."""
    wave = get_wave_for_user(request.user, wave_id)
    rows = presentation.item_rows(wave)
    if rows is None:
        raise Http404("ยังมีคำตอบไม่ถึงเกณฑ์ที่เปิดเผยผลรายข้อได้")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{wave.tool}-{wave.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Thai correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow(["ข้อ", "ตัวชี้วัด", "ข้อคำถาม", "จำนวนผู้ตอบ", "คะแนน"])
    for row in rows:
        writer.writerow([row.code, row.indicator, row.title, row.respondents, f"{row.score:.2f}"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def province_new(request):
    provinces = provinces_for_user(request.user)
    if not provinces.exists():
        raise Http404("เฉพาะผู้ประสานงานระดับจังหวัด")
    form = ProvinceWavesForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = actions.open_province_waves(
                acting_user=request.user, province=data["province"], tools=data["tools"],
                fiscal_year=data["fiscal_year"], starts_on=data["starts_on"],
                ends_on=data["ends_on"], headcount=data["headcount"],
            )  # fmt: skip
        except (actions.SurveyError, ScoringError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, gettext("เปิดรอบการสำรวจแล้ว %(n)s รอบ") % {"n": campaign.waves.count()}
            )
            return redirect("surveys:campaign_detail", campaign_id=campaign.pk)
    return render(
        request,
        "surveys/province_form.html",
        {"form": form, "notice": presentation.form_notice(form)},
    )


def _campaign_for_user(user, campaign_id: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.select_related("province"),
        pk=campaign_id,
        province__in=provinces_for_user(user),
    )


@login_required
def campaign_detail(request, campaign_id: int):
    campaign = _campaign_for_user(request.user, campaign_id)
    waves = with_answer_counts(campaign.waves.select_related("agency")).order_by(
        "agency__name", "tool"
    )
    page = Paginator(waves, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/campaign_detail.html",
        {"campaign": campaign, "page": page} | presentation.year_notes(page),
    )


@login_required
def campaign_posters(request, campaign_id: int):
    campaign = _campaign_for_user(request.user, campaign_id)
    waves = campaign.waves.filter(tool=Tool.EIT).select_related("agency").order_by("agency__name")
    return render(
        request, "surveys/posters.html", {"posters": [_poster(request, w) for w in waves]}
    )


# ---------------------------------------------------------------- respondents


def _closed(request, wave: Wave):
    return render(request, "surveys/closed.html", {"wave": wave}, status=410)


def _refused(request, wave: Wave | None):
    return render(request, "surveys/refused.html", {"wave": wave}, status=409)


def _survey_page(
    request, wave, action_url, *, answers=None, missing=(), client_id=None, status=200,
    gate=None,
):  # fmt: skip
    questionnaire = questionnaire_of(wave.framework_id, wave.tool)
    return render(
        request,
        "surveys/respond.html",
        {
            "wave": wave,
            "agency_name": wave.agency.name,
            "questionnaire": questionnaire,
            "sections": presentation.form_sections(questionnaire, answers or {}, set(missing)),
            "missing": list(missing),
            "client_id": client_id or uuid.uuid4(),
            "action_url": action_url,
            "comment": request.POST.get("comment", ""),
            "gate": gate,
            "public_link": wave.tool == Tool.EIT,
        },
        status=status,
    )


def _client_id(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        return None


def _submit(request, wave: Wave, token: str | None, action_url: str, gate=None):
    questionnaire = questionnaire_of(wave.framework_id, wave.tool)
    client_id = _client_id(request)
    try:
        answers = read_answers(questionnaire, request.POST)
    except AnswerError as exc:
        return _survey_page(
            request, wave, action_url, answers=request.POST, missing=exc.missing,
            client_id=client_id, status=422, gate=gate,
        )  # fmt: skip
    if client_id is None:
        return _survey_page(request, wave, action_url, answers=request.POST, status=422, gate=gate)
    outcome = actions.submit_response(
        wave=wave, questionnaire=questionnaire, answers=answers, client_id=client_id,
        comment=request.POST.get("comment", ""), token=token,
    )  # fmt: skip
    if outcome == actions.Outcome.STORED and token is None:
        ratelimit.count_answer(wave.public_code)
    if outcome in (actions.Outcome.STORED, actions.Outcome.DUPLICATE):
        return redirect("surveys:thanks", code=wave.public_code, permanent=False)
    if outcome == actions.Outcome.CLOSED:
        forget_wave(wave.public_code)
        return _closed(request, wave)
    if outcome == actions.Outcome.TOKEN_UNKNOWN:
        raise Http404("ไม่พบแบบสำรวจ")
    return _refused(request, wave)


def _no_referrer(view):
    """The slip's link must not travel on as a Referer (to our static files, to any log): only
    the site's origin does. Not "no-referrer", which makes Chromium send "Origin: null" with
    the form, and Django's CSRF check then refuses the answer."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        return response

    return wrapped


@_no_referrer
@require_http_methods(["GET", "POST"])
def respond_iit(request, code: str, token: str):
    wave = public_wave(code, Tool.IIT)
    if not wave.accepting():
        return _closed(request, wave)
    action_url = reverse("surveys:respond_iit", args=[code, token])
    if not tokens.well_formed(token):
        raise Http404("ไม่พบแบบสำรวจ")
    if request.method == "POST":
        return _submit(request, wave, token, action_url)
    # The page never asks whether the slip is spent: used or unused, it looks the same until an
    # answer is actually sent with it (so polling the links tells the officer nothing).
    return _survey_page(request, wave, action_url)


@require_http_methods(["GET", "POST"])
def respond_eit(request, code: str):
    wave = public_wave(code, Tool.EIT)
    if not wave.accepting():
        return _closed(request, wave)
    action_url = reverse("surveys:respond_eit", args=[code])
    address = ratelimit.client_address(request.META)
    if request.method == "GET":
        over = ratelimit.address_over(wave.public_code, address)
        return _survey_page(request, wave, action_url, gate=_gate(wave, over))
    gate = _gate(wave, not ratelimit.allow(wave.public_code, address))
    if gate is not None:
        verdict = challenge.verify(
            request.POST.get("challenge", ""), request.POST.get("solution", ""),
            wave.public_code, gate["bits"],
        )  # fmt: skip
        if verdict != challenge.Verdict.OK:
            # Nothing stored; the form comes back filled, with a fresh challenge to solve.
            return _survey_page(
                request, wave, action_url, answers=request.POST, status=429,
                client_id=_client_id(request), gate=gate | {"refused": challenge.MESSAGES[verdict]},
            )  # fmt: skip
        gate = _gate(wave, True)  # a further form on this page (422) needs a new one
    return _submit(request, wave, None, action_url, gate=gate)


def _gate(wave: Wave, address_over: bool) -> dict | None:
    """The challenge a form of the public link carries now (finding 11), or None."""
    bits = ratelimit.challenge_bits(wave, address_over=address_over)
    if bits is None:
        return None
    return {"token": challenge.issue(wave.public_code, bits), "bits": bits}


def thanks(request, code: str):
    wave = get_object_or_404(Wave.objects.select_related("agency"), public_code=code)
    return render(request, "surveys/thanks.html", {"wave": wave})
