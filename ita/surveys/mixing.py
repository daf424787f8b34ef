"""How an anonymous answer is written so that no copy of the database can say who sent it or
when (docs/security.md, "Anonymity of respondents").

Two steps, each one transaction:
1. `admit`: under the wave's lock, the slip is deleted (a spent slip leaves no row) and the
   answer joins the wave's waiting answers, which the same statement deletes and inserts again,
   all of them, in random order: every waiting answer then carries this transaction's id (xmin)
   and a random place (ctid), and their primary keys are random UUIDs. On PostgreSQL this is the
   function surveys_admit (migration 0003), one round trip.
2. `mix`: once ANONYMITY_K answers wait (or when the wave closes), they enter the stored table
   together with every stored answer of the same days, all rewritten in random order in one
   transaction, and are folded into the tallies. Stored answers of a day therefore share one
   transaction id and have shuffled ids and places; the tallies, the per-item figures and the
   comments move only in steps of at least K answers.

What remains (docs/security.md): two copies of the database taken around one submission isolate
that answer while it waits; dead row versions stay on disk until (auto)vacuum removes them.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from contextlib import nullcontext
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F

from ita.surveys.models import IitToken, PendingResponse, Response, Wave, WaveStatus, WaveTally
from ita.surveys.queries import questionnaire_of
from ita.surveys.questionnaire import decode_answers, item_sums
from ita.surveys.rules import ANONYMITY_K

FIELDS = ("wave_id", "client_id", "submitted_on", "answers", "comment")
_shuffle = random.SystemRandom().shuffle


def admit(wave: Wave, digest: str | None, row: dict) -> tuple[int, int] | None:
    """Spend the slip (IIT) and add the answer to the waiting ones. Returns how many now wait
    and how many are stored for the same day, or None when nothing was stored (closed wave,
    spent slip, or a repeat of this client id)."""
    if connection.vendor == "postgresql":
        return _admit_postgresql(wave, digest, row)
    return _admit_orm(wave, digest, row)


def _admit_postgresql(wave: Wave, digest: str | None, row: dict) -> tuple[int, int] | None:
    """One call of the surveys_admit function (migration 0003): the wave's lock, then the slip
    spent and the waiting answers rewritten with this one among them, in one transaction."""
    params = [
        wave.pk, digest, uuid.uuid4(), row["client_id"], row["submitted_on"], row["answers"],
        row["comment"], _LOCK_CLASS, ANONYMITY_K,
    ]  # fmt: skip
    # Alone, the call is its own transaction; inside an outer one (tests, the demo) a savepoint
    # keeps a refused repeat from aborting it.
    scope = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with scope, connection.cursor() as cursor:
        cursor.execute("SELECT surveys_admit(%s, %s, %s, %s, %s, %s, %s, %s, %s)", params)
        counts = cursor.fetchone()[0]
    return tuple(counts) if counts else None


# Admissions and mixes of one wave take turns on this lock (PostgreSQL advisory locks are held
# to the end of the transaction); waves never wait for each other.
_LOCK_CLASS = 0x5553  # "SU"rveys: the first key of the two-key form, so no other lock clashes


def wave_lock(cursor, wave_id: int, *, wait: bool = True) -> bool:
    if wait:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, wave_id])
        return True
    cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, wave_id])
    return cursor.fetchone()[0]


def _admit_orm(wave: Wave, digest: str | None, row: dict) -> tuple[int, int] | None:
    with transaction.atomic():
        if not Wave.objects.filter(pk=wave.pk, status=WaveStatus.OPEN).exists():
            return None
        if already_stored(wave.pk, row["client_id"]):
            return None
        if digest is not None:
            spent, _ = IitToken.objects.filter(wave_id=wave.pk, token_hash=digest).delete()
            if not spent:
                return None
        waiting = list(PendingResponse.objects.filter(wave_id=wave.pk).values("id", *FIELDS))
        PendingResponse.objects.filter(wave_id=wave.pk).delete()
        waiting.append({"id": uuid.uuid4(), **{f: row[f] for f in FIELDS}})
        _shuffle(waiting)
        PendingResponse.objects.bulk_create(PendingResponse(**r) for r in waiting)
        day = Response.objects.filter(wave_id=wave.pk, submitted_on=row["submitted_on"])
        return len(waiting), day.count()


def already_stored(wave_id: int, client_id: uuid.UUID) -> bool:
    # Waiting first: an answer only ever moves from waiting to stored, so looking in this order
    # cannot miss one that a mix moves in between the two looks.
    return (
        PendingResponse.objects.filter(wave_id=wave_id, client_id=client_id).exists()
        or Response.objects.filter(wave_id=wave_id, client_id=client_id).exists()
    )


def mix(wave: Wave, *, closing: bool = False) -> int:
    """Move the waiting answers into the stored table (at least K of them, or all at close) and
    fold them into the tallies; returns how many entered. While the wave is busy (an admission
    or another mix) this returns 0 at once, and the next one mixes; at close it waits its turn,
    and no admission after it can add to the closed wave (each checks the status under the
    same lock)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if not wave_lock(cursor, wave.pk, wait=closing):
                    return 0
        waiting = list(PendingResponse.objects.filter(wave_id=wave.pk).values("id", *FIELDS))
        if not waiting or (len(waiting) < ANONYMITY_K and not closing):
            return 0
        entering = _drop_repeats(wave, waiting)
        totals = _totals(wave, entering)
        if connection.vendor == "postgresql":
            _mix_postgresql(wave, [r["id"] for r in waiting], entering, totals)
        else:
            PendingResponse.objects.filter(pk__in=[r["id"] for r in waiting]).delete()
            _rewrite_days(wave, entering)
            _fold(wave, totals)
        Wave.objects.filter(pk=wave.pk).update(
            tallied_responses=F("tallied_responses") + len(entering)
        )
    return len(entering)


def _drop_repeats(wave: Wave, waiting: list[dict]) -> list[dict]:
    # A repeat of a client id that raced its first copy into the waiting table: the first copy
    # is stored, so the repeat adds nothing (and was answered with the same thanks page).
    stored = set(
        Response.objects.filter(
            wave_id=wave.pk, client_id__in=[r["client_id"] for r in waiting]
        ).values_list("client_id", flat=True)
    )
    unique = {r["client_id"]: r for r in waiting if r["client_id"] not in stored}
    return list(unique.values())


def _totals(wave: Wave, entering: list[dict]) -> dict[str, tuple[int, Decimal]]:
    """Item code → (respondents, sum of their item sums) over the entering answers."""
    questionnaire = questionnaire_of(wave.framework_id, wave.tool)
    counts: dict[str, int] = defaultdict(int)
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in entering:
        for code, value in item_sums(questionnaire, decode_answers(row["answers"])).items():
            counts[code] += 1
            sums[code] += value
    return {code: (counts[code], sums[code]) for code in counts}


# The ORM path below in one statement: the batch, the rest of its days and the tallies move
# together, and the day's stored answers never travel to Python and back.
_PG_MIX = """
WITH batch AS (
    DELETE FROM {pending} WHERE wave_id = %(wave_id)s AND id = ANY(%(ids)s)
    RETURNING id, client_id, submitted_on, answers, comment
), entering AS (
    SELECT client_id, submitted_on, answers, comment FROM batch WHERE id = ANY(%(entering)s)
), same_days AS (
    DELETE FROM {response}
    WHERE wave_id = %(wave_id)s AND submitted_on IN (SELECT submitted_on FROM entering)
    RETURNING client_id, submitted_on, answers, comment
), stored AS (
    INSERT INTO {response} (wave_id, client_id, submitted_on, answers, comment)
    SELECT %(wave_id)s, * FROM (
        SELECT * FROM entering UNION ALL SELECT * FROM same_days
    ) AS day ORDER BY random()
    RETURNING 1
)
INSERT INTO {tally} AS t (wave_id, item_code, respondents, value_sum)
SELECT %(wave_id)s, code, n, total
FROM unnest(%(codes)s::varchar[], %(counts)s::int[], %(sums)s::numeric[]) AS s(code, n, total)
ON CONFLICT (wave_id, item_code) DO UPDATE
SET respondents = t.respondents + EXCLUDED.respondents, value_sum = t.value_sum + EXCLUDED.value_sum
"""


def _mix_postgresql(wave: Wave, ids: list, entering: list[dict], totals: dict) -> None:
    sql = _PG_MIX.format(
        pending=PendingResponse._meta.db_table, response=Response._meta.db_table,
        tally=WaveTally._meta.db_table,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "wave_id": wave.pk,
                "ids": ids,
                "entering": [r["id"] for r in entering],
                "codes": list(totals),
                "counts": [n for n, _ in totals.values()],
                "sums": [total for _, total in totals.values()],
            },
        )


def _rewrite_days(wave: Wave, entering: list[dict]) -> None:
    days = {r["submitted_on"] for r in entering}
    same_days = Response.objects.filter(wave_id=wave.pk, submitted_on__in=days)
    rows = list(same_days.values(*FIELDS)) + [{f: r[f] for f in FIELDS} for r in entering]
    same_days.delete()
    _shuffle(rows)
    Response.objects.bulk_create(Response(**r) for r in rows)


def _fold(wave: Wave, totals: dict[str, tuple[int, Decimal]]) -> None:
    existing = set(
        WaveTally.objects.filter(wave_id=wave.pk, item_code__in=totals).values_list(
            "item_code", flat=True
        )
    )
    WaveTally.objects.bulk_create(
        WaveTally(wave_id=wave.pk, item_code=code, respondents=n, value_sum=total)
        for code, (n, total) in totals.items()
        if code not in existing
    )
    for code in existing:
        n, total = totals[code]
        WaveTally.objects.filter(wave_id=wave.pk, item_code=code).update(
            respondents=F("respondents") + n, value_sum=F("value_sum") + total
        )
