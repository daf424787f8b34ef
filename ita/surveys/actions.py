"""Every multi-step write of the surveys app: opening waves (one agency or a whole province),
storing an anonymous response, folding answers into tallies, closing a wave. Atomic; officers'
actions are audited. Submissions are deliberately *not* audited: an audit event carries a time
and would undo the anonymity the answer tables are built for."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from enum import StrEnum

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from ita.agencies.models import Agency, Province
from ita.assessments.actions import framework_for
from ita.audit.log import record
from ita.lib.thai_text import round2
from ita.surveys import rules, tokens
from ita.surveys.models import (
    Campaign,
    IitToken,
    ItemAnswer,
    Response,
    Tool,
    Wave,
    WaveScore,
    WaveStatus,
    WaveTally,
)
from ita.surveys.queries import questionnaire_of, tool_scores_of
from ita.surveys.questionnaire import Questionnaire, item_sums

TOKEN_BATCH = 1000
FOLD_BATCH = 2000
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
        raise SurveyError("วันสิ้นสุดต้องไม่ก่อนวันเริ่มรับคำตอบ")


def _issue_tokens(wave: Wave, upto: int) -> None:
    serials = range(wave.tokens_issued + 1, upto + 1)
    rows = [
        IitToken(wave=wave, token_hash=tokens.token_hash(tokens.slip_token(wave.token_secret, n)))
        for n in serials
    ]
    IitToken.objects.bulk_create(rows, batch_size=TOKEN_BATCH)
    wave.tokens_issued = max(wave.tokens_issued, upto)


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
        raise SurveyError("เลือกแบบวัด IIT หรือ EIT")
    if tool == Tool.IIT and population < 1:
        raise SurveyError("แบบวัด IIT ต้องระบุจำนวนบุคลากรอย่างน้อย 1 คน (ระบบออกใบรหัสให้คนละ 1 ใบ)")
    if not 0 <= population <= MAX_POPULATION:
        raise SurveyError(f"จำนวนบุคลากร/ผู้รับบริการต้องอยู่ระหว่าง 0 ถึง {MAX_POPULATION:,}")
    _check_dates(starts_on, ends_on)
    framework = framework_for(fiscal_year)
    if agency.waves.filter(tool=tool, status=WaveStatus.OPEN).exists():
        raise SurveyError(f"{agency.name} มีรอบการสำรวจ {tool} ที่ยังเปิดอยู่ ต้องปิดรอบเดิมก่อน")
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
        token_secret=tokens.new_secret(),
        opened_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    if tool == Tool.IIT:
        _issue_tokens(wave, population)
        wave.save(update_fields=["tokens_issued"])
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
    """Open an IIT or EIT wave; an IIT wave gets one slip token per staff member."""
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
    _check_dates(starts_on, ends_on)
    tools = [t for t in Tool.values if t in set(tools)]
    if not tools:
        raise SurveyError("เลือกแบบวัดอย่างน้อย 1 แบบ")
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
    """Correct the headcount: the minimum follows; IIT slips are added, never taken back (some
    may already be in people's hands)."""
    wave = Wave.objects.select_for_update(no_key=True).get(pk=wave.pk)
    if wave.status != WaveStatus.OPEN:
        raise SurveyError("รอบการสำรวจนี้ปิดแล้ว แก้ไขไม่ได้")
    if not 0 <= population <= MAX_POPULATION:
        raise SurveyError(f"จำนวนต้องอยู่ระหว่าง 0 ถึง {MAX_POPULATION:,}")
    before = _snapshot(wave)
    wave.population = population
    wave.min_responses = rules.minimum_sample(
        rules.sample_rule(wave.framework.definition, wave.tool), population
    )
    if wave.tool == Tool.IIT and population > wave.tokens_issued:
        _issue_tokens(wave, population)
    wave.save(update_fields=["population", "min_responses", "tokens_issued"])
    record(
        actor=acting_user, action="survey.wave_changed", obj=wave, agency=wave.agency,
        before=before, after=_snapshot(wave),
    )  # fmt: skip
    return wave


class _TokenRefused(Exception):
    pass


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
    """Store one anonymous response, exactly once. For IIT the token is consumed in the same
    transaction that stores the answers: both happen or neither does. Takes no acting_user on
    purpose: respondents are anonymous."""
    sums = item_sums(questionnaire, answers)
    digest = tokens.token_hash(token) if token is not None else None
    row = {
        "wave_id": wave.pk,
        "client_id": client_id,
        "submitted_on": today or timezone.localdate(),
        "answers": dict(answers),
        "comment": comment.strip()[:2000],
    }
    store = _store_postgresql if connection.vendor == "postgresql" else _store_orm
    with _write_lock():
        try:
            stored = store(wave, digest, row, sums)
        except IntegrityError:
            if _already_stored(wave, client_id):
                return Outcome.DUPLICATE
            raise
        if stored:
            return Outcome.STORED
        if not Wave.objects.filter(pk=wave.pk, status=WaveStatus.OPEN).exists():
            return Outcome.CLOSED
        # The first of several identical submissions locked the token row; once it committed,
        # the others land here and are told apart by the client id they carry.
        if _already_stored(wave, client_id):
            return Outcome.DUPLICATE
        if IitToken.objects.filter(wave_id=wave.pk, token_hash=digest).exists():
            return Outcome.TOKEN_USED
        return Outcome.TOKEN_UNKNOWN


def _store_orm(wave: Wave, digest: str | None, row: dict, sums: dict) -> bool:
    with transaction.atomic():
        if not Wave.objects.filter(pk=wave.pk, status=WaveStatus.OPEN).exists():
            return False
        if wave.tool == Tool.IIT:
            consumed = IitToken.objects.filter(
                wave_id=wave.pk, token_hash=digest, used=False
            ).update(used=True)
            if not consumed:
                return False
        response = Response.objects.create(**row)
        ItemAnswer.objects.bulk_create(
            ItemAnswer(response=response, item_code=code, value_sum=value)
            for code, value in sums.items()
        )
    return True


# The same three writes as _store_orm in one statement: PostgreSQL runs a statement with
# data-modifying CTEs atomically, so the token, the response and its items are stored together
# or not at all, in one round trip instead of six (the survey benchmark's bottleneck).
_PG_STORE = """
WITH open_wave AS (
    SELECT 1 FROM {wave} WHERE id = %(wave_id)s AND status = 'open'
), token AS (
    UPDATE {token} SET used = true
    WHERE wave_id = %(wave_id)s AND token_hash = %(digest)s AND NOT used
      AND EXISTS (SELECT 1 FROM open_wave)
    RETURNING 1
), response AS (
    INSERT INTO {response} (wave_id, client_id, submitted_on, answers, comment, tallied)
    SELECT %(wave_id)s, %(client_id)s, %(submitted_on)s, %(answers)s, %(comment)s, false
    WHERE EXISTS (SELECT 1 FROM open_wave) AND (%(open_link)s OR EXISTS (SELECT 1 FROM token))
    RETURNING id
)
INSERT INTO {item} (response_id, item_code, value_sum)
SELECT response.id, item.code, item.value
FROM response, unnest(%(codes)s::varchar[], %(values)s::numeric[]) AS item(code, value)
"""


def _store_postgresql(wave: Wave, digest: str | None, row: dict, sums: dict) -> bool:
    from psycopg.types.json import Jsonb

    sql = _PG_STORE.format(
        wave=Wave._meta.db_table,
        token=IitToken._meta.db_table,
        response=Response._meta.db_table,
        item=ItemAnswer._meta.db_table,
    )
    params = row | {
        "answers": Jsonb(row["answers"]),
        "digest": digest,
        "open_link": wave.tool != Tool.IIT,
        "codes": list(sums),
        "values": list(sums.values()),
    }
    # Alone, the statement is its own transaction (no BEGIN/COMMIT round trips); inside an outer
    # transaction (tests, callers) a savepoint keeps a duplicate from aborting it.
    scope = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with scope, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0


def _already_stored(wave: Wave, client_id: uuid.UUID) -> bool:
    return Response.objects.filter(wave_id=wave.pk, client_id=client_id).exists()


def refresh_tallies(wave: Wave) -> int:
    """Fold responses not yet counted into the wave's tallies with GROUP BY in the database, a
    batch per transaction; returns how many were folded. Responses committed while this runs are
    simply left for the next call (a flag per response, not an id watermark, so a transaction
    that commits late is never skipped)."""
    folded = 0
    while True:
        with _write_lock(), transaction.atomic():
            # NO KEY UPDATE: one folder per wave, without blocking inserts that reference it.
            Wave.objects.select_for_update(no_key=True).filter(pk=wave.pk).first()
            ids = list(
                Response.objects.filter(wave_id=wave.pk, tallied=False)
                .order_by("pk")
                .values_list("pk", flat=True)[:FOLD_BATCH]
            )
            if not ids:
                return folded
            _fold(wave, ids)
        folded += len(ids)


def _fold(wave: Wave, ids: list[int]) -> None:
    rows = (
        ItemAnswer.objects.filter(response_id__in=ids)
        .values("item_code")
        .annotate(n=Count("id"), total=Sum("value_sum"))
    )
    existing = {t.item_code: t for t in WaveTally.objects.filter(wave_id=wave.pk)}
    for row in rows:
        tally = existing.get(row["item_code"])
        if tally is None:
            WaveTally.objects.create(
                wave_id=wave.pk, item_code=row["item_code"], respondents=row["n"],
                value_sum=row["total"],
            )  # fmt: skip
        else:
            WaveTally.objects.filter(pk=tally.pk).update(
                respondents=F("respondents") + row["n"], value_sum=F("value_sum") + row["total"]
            )
    Response.objects.filter(pk__in=ids).update(tallied=True)
    Wave.objects.filter(pk=wave.pk).update(tallied_responses=F("tallied_responses") + len(ids))


def close_wave(*, acting_user, wave: Wave) -> Wave:
    """Stop taking answers, fold the last ones in, and store the self-assessment scores."""
    with transaction.atomic():
        locked = Wave.objects.select_for_update(no_key=True).get(pk=wave.pk)
        if locked.status != WaveStatus.OPEN:
            raise SurveyError("รอบการสำรวจนี้ปิดไปแล้ว")
        before = _snapshot(locked)
        locked.status = WaveStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
    # A submission that saw the wave open commits within moments; folding after the status has
    # changed (and committed) takes it in.
    refresh_tallies(locked)
    with transaction.atomic():
        locked = Wave.objects.select_for_update(no_key=True).get(pk=wave.pk)
        _store_scores(locked)
        record(
            actor=acting_user, action="survey.wave_closed", obj=locked, agency=locked.agency,
            before=before, after=_snapshot(locked),
        )  # fmt: skip
    return locked


def _store_scores(wave: Wave) -> None:
    scores = tool_scores_of(wave, questionnaire_of(wave.framework_id, wave.tool))
    wave.scores.all().delete()
    WaveScore.objects.bulk_create(
        WaveScore(wave=wave, indicator=n, score=round2(value))
        for n, value in scores.indicators.items()
    )
    wave.tool_score = None if scores.tool_score is None else round2(scores.tool_score)
    wave.save(update_fields=["tool_score"])
