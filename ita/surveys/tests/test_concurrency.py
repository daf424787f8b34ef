"""Duplicate-proof under concurrency: 50 threads, each with its own database connection,
submitting at once."""

import threading
import uuid

import pytest
from django.db import connection

from ita.surveys import actions
from ita.surveys.models import IitToken, PendingResponse, Response, WaveTally
from ita.surveys.questionnaire import decode_answers, read_answers
from ita.surveys.rules import ANONYMITY_K

from .conftest import open_wave, pattern_answers, questionnaire, token_of

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 50


def run_at_once(target) -> list:
    results, barrier = [None] * THREADS, threading.Barrier(THREADS)

    def work(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as exc:  # the assertion below shows it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_fifty_concurrent_submissions_with_one_iit_token_store_exactly_one(iit_wave):
    q = questionnaire(iit_wave)
    answers = read_answers(q, pattern_answers(q, "top"))
    token = token_of(iit_wave, 1)
    results = run_at_once(
        lambda i: actions.submit_response(
            wave=iit_wave, questionnaire=q, answers=answers, client_id=uuid.uuid4(), token=token
        )
    )
    assert results.count(actions.Outcome.STORED) == 1, results
    assert results.count(actions.Outcome.TOKEN_USED) == THREADS - 1
    assert PendingResponse.objects.filter(wave=iit_wave).count() == 1
    assert len(decode_answers(PendingResponse.objects.get().answers)) == 30
    assert IitToken.objects.filter(wave=iit_wave).count() == iit_wave.tokens_issued - 1


def test_fifty_concurrent_repeats_of_one_client_id_store_one(eit_wave):
    q = questionnaire(eit_wave)
    answers = read_answers(q, pattern_answers(q, "low"))
    client_id = uuid.uuid4()
    results = run_at_once(
        lambda i: actions.submit_response(
            wave=eit_wave, questionnaire=q, answers=answers, client_id=client_id
        )
    )
    assert results.count(actions.Outcome.STORED) == 1, results
    assert results.count(actions.Outcome.DUPLICATE) == THREADS - 1
    assert PendingResponse.objects.filter(wave=eit_wave).count() == 1
    assert len(decode_answers(PendingResponse.objects.get().answers)) == 15


def test_a_repeat_with_the_same_token_and_client_id_is_a_duplicate_not_a_refusal(iit_wave):
    q = questionnaire(iit_wave)
    answers = read_answers(q, pattern_answers(q, "top"))
    token, client_id = token_of(iit_wave, 2), uuid.uuid4()
    results = run_at_once(
        lambda i: actions.submit_response(
            wave=iit_wave, questionnaire=q, answers=answers, client_id=client_id, token=token
        )
    )
    assert results.count(actions.Outcome.STORED) == 1, results
    assert results.count(actions.Outcome.DUPLICATE) == THREADS - 1
    assert PendingResponse.objects.count() == 1


def test_fifty_colleagues_at_once_lose_nothing_while_batches_mix(world):
    wave = open_wave(world, "IIT", population=THREADS)
    q = questionnaire(wave)
    answers = read_answers(q, pattern_answers(q, "top"))
    results = run_at_once(
        lambda i: actions.submit_response(
            wave=wave,
            questionnaire=q,
            answers=answers,
            client_id=uuid.uuid4(),
            token=token_of(wave, i + 1),
        )
    )
    assert results.count(actions.Outcome.STORED) == THREADS, results
    stored = Response.objects.filter(wave=wave).count()
    waiting = PendingResponse.objects.filter(wave=wave).count()
    assert stored + waiting == THREADS and stored >= ANONYMITY_K
    wave.refresh_from_db()
    tally = WaveTally.objects.get(wave=wave, item_code="I1")
    assert wave.tallied_responses == tally.respondents == stored  # each batch folded once
    assert not IitToken.objects.filter(wave=wave).exists()
    closed = actions.close_wave(acting_user=world.officer, wave=wave)
    assert closed.tallied_responses == Response.objects.filter(wave=wave).count() == THREADS
    assert not PendingResponse.objects.filter(wave=wave).exists()
