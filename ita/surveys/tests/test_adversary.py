"""The anonymity promise, tried as its adversary would (docs/security.md): the officer who
printed the slips and sees every officer screen and export, with an administrator who holds a
copy of the database (system columns included: PostgreSQL's xmin and ctid, SQLite's rowid), the
SECRET_KEY and the logs. Each test is one attack; each must find nothing."""

import re
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from ita.surveys import actions, rules
from ita.surveys.models import IitToken, PendingResponse, Response
from ita.surveys.questionnaire import read_answers

from .conftest import open_wave, pattern_answers, questionnaire, slips_of

pytestmark = pytest.mark.django_db
K = rules.ANONYMITY_K


def answer(wave, token, n: int, pattern: str = "top") -> None:
    """The n-th respondent: a recognisable comment, so the attack knows who wrote what."""
    q = questionnaire(wave)
    outcome = actions.submit_response(
        wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, pattern)),
        client_id=uuid.uuid4(), token=token, comment=f"ความเห็นของผู้ตอบคนที่ {n:03d}",
    )  # fmt: skip
    assert outcome == actions.Outcome.STORED, outcome


def stamps(table: str, where: str = "") -> list[tuple]:
    """Every live row's system columns, in physical order: what a database copy shows."""
    if connection.vendor == "postgresql":
        sql = f"SELECT xmin::text::bigint, ctid::text, * FROM {table} {where} ORDER BY ctid"
    else:
        sql = f"SELECT NULL, rowid, * FROM {table} {where} ORDER BY rowid"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def arrival_numbers(rows) -> list[int]:
    """The respondent number behind each row (from its comment), in the order given."""
    found = []
    for row in rows:
        text = next(v for v in row if isinstance(v, str) and "ผู้ตอบคนที่" in v)
        found.append(int(re.search(r"\d{3}", text)[0]))
    return found


@pytest.fixture
def big_iit(world):
    return open_wave(world, "IIT", population=3 * K + 5)


def test_no_answer_joins_the_slip_that_sent_it_by_transaction_id(big_iit):
    tokens = slips_of(big_iit)
    for n, token in enumerate(tokens[:6]):
        answer(big_iit, token, n)
    token_rows = stamps(IitToken._meta.db_table)
    answer_rows = stamps(Response._meta.db_table) + stamps(PendingResponse._meta.db_table)
    assert len(answer_rows) == 6
    # a spent slip leaves no row at all: nothing to join, and nothing says which slip was used
    assert len(token_rows) == len(tokens) - 6
    if connection.vendor == "postgresql":
        token_xids = {r[0] for r in token_rows}
        assert not token_xids & {r[0] for r in answer_rows}


def test_stored_answers_carry_no_arrival_order(big_iit):
    tokens = slips_of(big_iit)
    for n, token in enumerate(tokens[: 3 * K]):
        answer(big_iit, token, n)
    rows = stamps(Response._meta.db_table)
    assert len(rows) == 3 * K  # three full batches: none waits any more
    by_place = arrival_numbers(rows)
    by_id = [n for _, n in sorted(zip((r[2] for r in rows), by_place, strict=True))]
    assert by_place != sorted(by_place)  # physical order (ctid / rowid) is shuffled
    assert by_id != sorted(by_id)  # so is the primary key
    if connection.vendor == "postgresql":
        assert len({r[0] for r in rows}) == 1  # one day, one transaction id for all of it


def test_answers_waiting_for_a_batch_carry_no_order_either(big_iit):
    tokens = slips_of(big_iit)
    for n, token in enumerate(tokens[: K - 1]):
        answer(big_iit, token, n)
    assert not Response.objects.exists()  # fewer than k: nothing is stored for reading yet
    rows = stamps(PendingResponse._meta.db_table)
    assert len(rows) == K - 1
    assert arrival_numbers(rows) != list(range(K - 1))
    if connection.vendor == "postgresql":
        assert len({r[0] for r in rows}) == 1


def test_a_slip_looks_the_same_used_or_unused(client, big_iit):
    used, unused = slips_of(big_iit)[:2]
    answer(big_iit, used, 1)

    def page(token):
        response = client.get(reverse("surveys:respond_iit", args=[big_iit.public_code, token]))
        body = response.content.decode()
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        body = re.sub(r'name="client_id" value="[^"]+"', "", body)
        return response.status_code, body.replace(token, "TOKEN")

    assert page(used) == page(unused)
    assert page(used)[0] == 200


def test_officer_figures_move_only_in_steps_of_k(client, world, big_iit):
    tokens = slips_of(big_iit)
    client.force_login(world.officer)
    export = reverse("surveys:wave_export", args=[big_iit.pk])
    detail = reverse("surveys:wave_detail", args=[big_iit.pk])
    for n, token in enumerate(tokens[:K]):
        answer(big_iit, token, n)
    first, page_before = client.get(export).content, client.get(detail).content.decode()
    answer(big_iit, tokens[K], K, pattern="low")  # one colleague answers, very differently
    assert client.get(export).content == first  # the export diff shows nothing
    page_after = client.get(detail).content.decode()
    assert f"ผู้ตอบคนที่ {K:03d}" not in page_after
    assert page_after.count("ความเห็นของผู้ตอบ") == page_before.count("ความเห็นของผู้ตอบ")
    for n, token in enumerate(tokens[K + 1 : 2 * K], start=K + 1):
        answer(big_iit, token, n)
    assert client.get(export).content != first  # a full batch of k: now it moves
    assert f"ผู้ตอบคนที่ {K:03d}" in client.get(detail).content.decode()


def test_comments_are_shown_in_an_order_that_carries_no_arrival(client, world, big_iit):
    tokens = slips_of(big_iit)
    client.force_login(world.officer)
    for n, token in enumerate(tokens[: 2 * K]):
        answer(big_iit, token, 2 * K - n)  # arrival order is the reverse of text order
    page = client.get(reverse("surveys:wave_detail", args=[big_iit.pk])).content.decode()
    shown = [int(n) for n in re.findall(r"ผู้ตอบคนที่ (\d{3})", page)]
    assert shown == sorted(shown)


def test_the_wave_pages_show_counts_never_slip_state(client, world, big_iit):
    tokens = slips_of(big_iit)
    answer(big_iit, tokens[0], 0)
    client.force_login(world.officer)
    for name in ("surveys:wave_detail", "surveys:wave_progress"):
        body = client.get(reverse(name, args=[big_iit.pk])).content.decode()
        assert not any(t in body for t in tokens)


def test_an_eit_wave_below_k_shows_no_items(client, world):
    wave = open_wave(world, "EIT", population=0)
    for n in range(K - 1):
        answer(wave, None, n)
    client.force_login(world.officer)
    assert client.get(reverse("surveys:wave_export", args=[wave.pk])).status_code == 404
