"""Every multi-step write of the surveys app: opening waves (one agency or a whole province),
issuing and voiding IIT slips, storing an anonymous response (through surveys.mixing), closing a
wave. Atomic; officers' actions are audited. Submissions are deliberately *not* audited: an audit
event carries a time and would undo the anonymity the answer tables are built for."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from enum import StrEnum

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from ita.agencies.models import Agency, Province
from ita.assessments.actions import framework_for
from ita.audit.log import record
from ita.lib.policy import require
from ita.lib.thai_text import round2
from ita.surveys import mixing, rules, tokens
from ita.surveys.models import Campaign, IitToken, Tool, Wave, WaveScore, WaveStatus
from ita.surveys.queries import questionnaire_of, tool_scores_of
from ita.surveys.questionnaire import Questionnaire, check_answers, encode_answers

TOKEN_BATCH = 1000
MAX_POPULATION = 100_000


class SurveyError(ValueError):
    """A request the rules refuse; the message is Thai and says what to do."""


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"  # same client id again: same thanks page, nothing stored
    TOKEN_USED = "token_used"
    TOKEN_UNKNOWN = "token_unknown"
    CLOSED = "closed"  # the wave was closed meanwhile


# SQLite takes one writer at a time and, with a shared in-memory test database, fails instead of
# waiting; the embedded default is one process, so its writers queue here. PostgreSQL needs none.
_sqlite_writes = threading.Lock()


def _write_lock():
    return _sqlite_writes if connection.vendor == "sqlite" else nullcontext()


def _check_dates(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise SurveyError(gettext("วันสิ้นสุดต้องไม่ก่อนวันเริ่มรับคำตอบ"))


def _snapshot(wave: Wave) -> dict:
    return {
        "tool": wave.tool,
        "fiscal_year": wave.fiscal_year,
        "starts_on": wave.starts_on.isoformat(),
        "ends_on": wave.ends_on.isoformat(),
        "population": wave.population,
        "min_responses": wave.min_responses,
        "tokens_issued": wave.tokens_issued,
        "status": wave.status,
        "tool_score": None if wave.tool_score is None else str(wave.tool_score),
    }


def _new_wave(*, acting_user, agency, tool, fiscal_year, starts_on, ends_on, population, campaign):
    if tool not in Tool.values:
        raise SurveyError(gettext("เลือกแบบวัด IIT หรือ EIT"))
    if tool == Tool.IIT and population < 1:
        raise SurveyError(
            gettext("แบบวัด IIT ต้องระบุจำนวนบุคลากรอย่างน้อย 1 คน (ระบบออกใบรหัสให้คนละ 1 ใบ)")
        )
    if not 0 <= population <= MAX_POPULATION:
        raise SurveyError(
            gettext("จำนวนบุคลากร/ผู้รับบริการต้องอยู่ระหว่าง 0 ถึง %(n)s") % {"n": f"{MAX_POPULATION:,}"}
        )
    _check_dates(starts_on, ends_on)
    framework = framework_for(fiscal_year)
    if agency.waves.filter(tool=tool, status=WaveStatus.OPEN).exists():
        raise SurveyError(
            gettext("%(agency)s มีรอบการสำรวจ %(tool)s ที่ยังเปิดอยู่ ต้องปิดรอบเดิมก่อน")
            % {"agency": agency.name, "tool": tool}
        )
    rule = rules.sample_rule(framework.definition, tool)
    wave = Wave.objects.create(
        agency=agency,
        campaign=campaign,
        framework=framework,
        fiscal_year=fiscal_year,
        tool=tool,
        starts_on=starts_on,
        ends_on=ends_on,
        population=population,
        min_responses=rules.minimum_sample(rule, population),
        public_code=tokens.new_public_code(),
        opened_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    record(
        actor=acting_user,
        action="survey.wave_opened",
        obj=wave,
        agency=agency,
        after=_snapshot(wave),
    )
    return wave


@transaction.atomic
def open_wave(
    *,
    acting_user,
    agency: Agency,
    tool: str,
    fiscal_year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    population: int,
) -> Wave:
    """Open an IIT or EIT wave; an IIT wave's slips are issued (and printed) with issue_slips."""
    require(acting_user, "surveys.manage", agency)
    return _new_wave(
        acting_user=acting_user, agency=agency, tool=tool, fiscal_year=fiscal_year,
        starts_on=starts_on, ends_on=ends_on, population=population, campaign=None,
    )  # fmt: skip


@transaction.atomic
def open_province_waves(
    *,
    acting_user,
    province: Province,
    tools: Iterable[str],
    fiscal_year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    headcount: int,
) -> Campaign:
    """One click for a whole province: a wave of each chosen tool for every agency that has no
    open wave of that tool. Each officer can correct the headcount afterwards."""
    require(acting_user, "surveys.open_province", province)
    _check_dates(starts_on, ends_on)
    tools = [t for t in Tool.values if t in set(tools)]
    if not tools:
        raise SurveyError(gettext("เลือกแบบวัดอย่างน้อย 1 แบบ"))
    campaign = Campaign.objects.create(
        province=province, fiscal_year=fiscal_year, starts_on=starts_on, ends_on=ends_on,
        created_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )  # fmt: skip
    opened = []
    for agency in province.agencies.order_by("name"):
        busy = set(agency.waves.filter(status=WaveStatus.OPEN).values_list("tool", flat=True))
        for tool in tools:
            if tool in busy:
                continue
            population = headcount if tool == Tool.IIT else 0
            opened.append(
                _new_wave(
                    acting_user=acting_user,
                    agency=agency,
                    tool=tool,
                    fiscal_year=fiscal_year,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    population=population,
                    campaign=campaign,
                )
            )
    record(
        actor=acting_user, action="survey.campaign_opened", obj=campaign,
        after={"tools": tools, "waves": len(opened), "fiscal_year": fiscal_year},
    )  # fmt: skip
    return campaign


@transaction.atomic
def set_population(*, acting_user, wave: Wave, population: int) -> Wave:
    """Correct the headcount; the minimum follows. Slips are issued separately (issue_slips)."""
    require(acting_user, "surveys.manage", wave.agency)
    wave = Wave.objects.select_for_update(no_key=True).get(pk=wave.pk)
    if wave.status != WaveStatus.OPEN:
        raise SurveyError(gettext("รอบการสำรวจนี้ปิดแล้ว แก้ไขไม่ได้"))
    if not 0 <= population <= MAX_POPULATION:
        raise SurveyError(gettext("จำนวนต้องอยู่ระหว่าง 0 ถึง %(n)s") % {"n": f"{MAX_POPULATION:,}"})
    before = _snapshot(wave)
    wave.population = population
    wave.min_responses = rules.minimum_sample(
        rules.sample_rule(wave.framework.definition, wave.tool), population
    )
    wave.save(update_fields=["population", "min_responses"])
    record(
        actor=acting_user, action="survey.wave_changed", obj=wave, agency=wave.agency,
        before=before, after=_snapshot(wave),
    )  # fmt: skip
    return wave


@transaction.atomic
def issue_slips(*, acting_user, wave: Wave, count: int) -> list[str]:
    """New random slips for an open IIT wave, returned once for printing and never kept: the
    database holds only their hashes, and nothing can recompute them. Shuffled, no serials."""
    require(acting_user, "surveys.manage", wave.agency)
    wave = Wave.objects.select_for_update(no_key=True).get(pk=wave.pk)
    if wave.tool != Tool.IIT:
        raise SurveyError(gettext("ใบรหัสใช้กับแบบวัด IIT เท่านั้น"))
    if wave.status != WaveStatus.OPEN:
        raise SurveyError(gettext("รอบการสำรวจนี้ปิดแล้ว ออกใบรหัสไม่ได้"))
    if not 1 <= count <= MAX_POPULATION:
        raise SurveyError(
            gettext("จำนวนใบรหัสต้องอยู่ระหว่าง 1 ถึง %(n)s ใบ") % {"n": f"{MAX_POPULATION:,}"}
        )
    slips = [tokens.new_token() for _ in range(count)]
    IitToken.objects.bulk_create(
        (IitToken(wave=wave, token_hash=tokens.token_hash(t)) for t in slips),
        batch_size=TOKEN_BATCH,
    )
    before = _snapshot(wave)
    wave.tokens_issued += count
    wave.save(update_fields=["tokens_issued"])
    record(
        actor=acting_user, action="survey.slips_issued", obj=wave, agency=wave.agency,
        before=before, after=_snapshot(wave), note=f"{count} ใบ",
    )  # fmt: skip
    return slips


@transaction.atomic
def void_unused_slips(*, acting_user, wave: Wave) -> int:
    """Cancel every slip nobody has used (a lost or jammed print run); answers already given
    stay. Returns how many were cancelled: a count, never which ones."""
    require(acting_user, "surveys.manage", wave.agency)
    wave = Wave.objects.select_for_update(no_key=True).get(pk=wave.pk)
    voided, _ = IitToken.objects.filter(wave_id=wave.pk).delete()
    record(
        actor=acting_user, action="survey.slips_voided", obj=wave, agency=wave.agency,
        after={"voided": voided},
    )  # fmt: skip
    return voided


def submit_response(
    *,
    wave: Wave,
    questionnaire: Questionnaire,
    answers: Mapping[str, list[int]],
    client_id: uuid.UUID,
    comment: str = "",
    token: str | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """Store one anonymous response, exactly once. For IIT the slip is spent in the same
    statement that stores the answer: both happen or neither does. Takes no acting_user on
    purpose: respondents are anonymous."""
    if token is not None and not tokens.well_formed(token):
        return Outcome.TOKEN_UNKNOWN
    check_answers(questionnaire, answers)  # refuses answers the mix could not fold, before storing
    row = {
        "wave_id": wave.pk,
        "client_id": client_id,
        "submitted_on": today or timezone.localdate(),
        "answers": encode_answers(answers),
        "comment": comment.replace("\x00", "").strip()[:2000],  # PostgreSQL refuses NUL
    }
    digest = tokens.token_hash(token) if token is not None else None
    with _write_lock():
        try:
            waiting = mixing.admit(wave, digest, row)
        except IntegrityError:
            waiting = None  # a repeat racing its first copy: told apart below
    if waiting is not None:
        if waiting[0] >= rules.batch_size(waiting[1]):
            mix(wave)
        return Outcome.STORED
    if not Wave.objects.filter(pk=wave.pk, status=WaveStatus.OPEN).exists():
        return Outcome.CLOSED
    if mixing.already_stored(wave.pk, client_id):
        return Outcome.DUPLICATE
    return Outcome.TOKEN_USED if token is not None else Outcome.DUPLICATE


def mix(wave: Wave, *, closing: bool = False) -> int:
    """Move a full batch of waiting answers into the stored table (all of them at close)."""
    with _write_lock():
        return mixing.mix(wave, closing=closing)


def close_wave(*, acting_user, wave: Wave) -> Wave:
    """Stop taking answers, fold the last ones in, and store the self-assessment scores."""
    require(acting_user, "surveys.manage", wave.agency)
    with transaction.atomic():
        # a full lock: it waits for submissions that are writing (they hold KEY SHARE on it)
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.status != WaveStatus.OPEN:
            raise SurveyError(gettext("รอบการสำรวจนี้ปิดไปแล้ว"))
        before = _snapshot(locked)
        locked.status = WaveStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
    # A submission that saw the wave open commits within moments; mixing after the status has
    # changed (and committed) takes it in, however few answers wait.
    mix(locked, closing=True)
    with transaction.atomic():
        locked = Wave.objects.select_for_update(no_key=True).get(pk=wave.pk)
        _store_scores(locked)
        record(
            actor=acting_user, action="survey.wave_closed", obj=locked, agency=locked.agency,
            before=before, after=_snapshot(locked),
        )  # fmt: skip
    return locked


def settle(wave: Wave) -> bool:
    """A closed wave with answers still waiting (a submission that saw the wave open and
    committed after the close mixed): take them in and score again, so none is left out."""
    if wave.status != WaveStatus.CLOSED or not wave.pending.exists():
        return False
    mix(wave, closing=True)
    with transaction.atomic():
        _store_scores(Wave.objects.select_for_update(no_key=True).get(pk=wave.pk))
    return True


def _store_scores(wave: Wave) -> None:
    scores = tool_scores_of(wave, questionnaire_of(wave.framework_id, wave.tool))
    wave.scores.all().delete()
    WaveScore.objects.bulk_create(
        WaveScore(wave=wave, indicator=n, score=round2(value))
        for n, value in scores.indicators.items()
    )
    wave.tool_score = None if scores.tool_score is None else round2(scores.tool_score)
    wave.save(update_fields=["tool_score"])
