"""The gaps docs/security.md admits (G1–G4), each bounded: what the adversary does get, and
where it stops."""

import uuid

import pytest
from django.db import connection

from ita.surveys import actions, rules, tokens
from ita.surveys.models import IitToken, PendingResponse, Response
from ita.surveys.questionnaire import read_answers

from .conftest import open_wave, pattern_answers, questionnaire, slips_of
from .test_adversary import answer

K = rules.ANONYMITY_K


def copy_of_answers(wave) -> set[str]:
    """What a database copy shows of the wave's answers, as comparable content."""
    rows = list(Response.objects.filter(wave=wave).values_list("comment", flat=True))
    rows += list(PendingResponse.objects.filter(wave=wave).values_list("comment", flat=True))
    return set(rows)


@pytest.mark.django_db
def test_a_copy_tells_unused_slips_but_not_which_answer_is_whose(world):
    wave = open_wave(world, "IIT", population=2 * K)
    slips = slips_of(wave)
    for n, token in enumerate(slips[:K]):
        answer(wave, token, n)
    # G1: hashing every printed slip against the copy tells which are spent...
    present = set(IitToken.objects.filter(wave=wave).values_list("token_hash", flat=True))
    spent = [s for s in slips if tokens.token_hash(s) not in present]
    assert spent == slips[:K]
    # ...but every stored answer has the same system stamp, so none points at one slip
    stored = Response.objects.filter(wave=wave)
    assert stored.count() == K and not PendingResponse.objects.filter(wave=wave).exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(DISTINCT xmin::text) FROM {Response._meta.db_table} "
                "WHERE wave_id = %s",
                [wave.pk],
            )
            assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_two_copies_isolate_a_waiting_answer_only_until_its_batch(world):
    wave = open_wave(world, "IIT", population=2 * K)
    slips = slips_of(wave)
    for n, token in enumerate(slips[: K - 2]):
        answer(wave, token, n)
    before = copy_of_answers(wave)
    answer(wave, slips[K - 2], K - 2)
    # G2: two copies around one submission differ by exactly that waiting answer
    assert len(copy_of_answers(wave) - before) == 1
    middle = copy_of_answers(wave)
    answer(wave, slips[K - 1], K - 1)  # the k-th: the batch is mixed
    stored = set(Response.objects.filter(wave=wave).values_list("comment", flat=True))
    # around the batch, what became stored is the whole batch, not one answer
    assert len(stored) == K and len(stored - (middle - before)) == K - 1


@pytest.mark.django_db
def test_probing_a_slip_by_answering_spends_it(world):
    wave = open_wave(world, "IIT", population=3)
    slip = slips_of(wave)[0]
    q = questionnaire(wave)
    probe = actions.submit_response(
        wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "top")),
        client_id=uuid.uuid4(), token=slip,
    )  # fmt: skip
    assert probe == actions.Outcome.STORED  # G4: the probe learns "unused"... by using it
    rightful = actions.submit_response(
        wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "low")),
        client_id=uuid.uuid4(), token=slip,
    )  # fmt: skip
    assert rightful == actions.Outcome.TOKEN_USED  # and the holder is refused: it shows


@pytest.mark.django_db(transaction=True)
def test_dead_versions_are_readable_with_pageinspect_until_vacuum(world):
    wave = open_wave(world, "IIT", population=3)
    answer(wave, slips_of(wave)[0], 0)
    if connection.vendor != "postgresql":
        # SQLite reuses freed pages; no transaction id is written anywhere to read back
        assert IitToken.objects.filter(wave=wave).count() == 2
        return
    table = IitToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute(f"SELECT xmin::text::bigint FROM {PendingResponse._meta.db_table}")
        answer_xid = cursor.fetchone()[0]

        def dead_token_versions():
            cursor.execute(
                "SELECT count(*) FROM generate_series(0, pg_relation_size(%s) / 8192 - 1) AS p, "
                "heap_page_items(get_raw_page(%s, p::int)) WHERE t_xmax::text::bigint = %s",
                [table, table, answer_xid],
            )
            return cursor.fetchone()[0]

        # G3: the deleted slip's old version still names the answer's transaction...
        assert dead_token_versions() == 1
        cursor.execute(f"VACUUM {table}")
        assert dead_token_versions() == 0  # ...until vacuum removes it
