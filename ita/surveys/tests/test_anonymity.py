"""Anonymity by construction: the answer tables cannot link an answer to a token, a user, an IP
address, a user agent or a time, whatever the code that writes them does."""

import uuid

import pytest
from django.db import connection

from ita.audit.models import AuditEvent
from ita.surveys import actions
from ita.surveys.models import IitToken, PendingResponse, Response
from ita.surveys.questionnaire import read_answers

from .conftest import pattern_answers, questionnaire, token_of

pytestmark = pytest.mark.django_db


def columns(model) -> dict[str, str]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return {c.name: c.type_code for c in described}


def foreign_tables(model) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}


ANSWER_COLUMNS = {"wave_id", "client_id", "submitted_on", "answers", "comment"}


@pytest.mark.parametrize("model", [Response, PendingResponse])
def test_answer_tables_hold_no_identity_and_no_time(model):
    assert set(columns(model)) == {"id"} | ANSWER_COLUMNS
    assert foreign_tables(model) == {"surveys_wave"}
    # the day only: a DATE column, not a timestamp
    assert model._meta.get_field("submitted_on").get_internal_type() == "DateField"
    assert not any(
        f.get_internal_type() == "DateTimeField" for f in model._meta.get_fields() if f.concrete
    )


def test_waiting_answers_have_random_keys_that_count_nothing():
    assert PendingResponse._meta.pk.get_internal_type() == "UUIDField"


def test_slips_are_stored_hashed_with_nothing_about_their_use():
    # no used flag, no serial, no time: a spent slip is simply gone
    assert set(columns(IitToken)) == {"wave_id", "token_hash"}


def test_stored_rows_hold_neither_the_token_nor_a_time(iit_wave, world):
    token = token_of(iit_wave, 1)
    q = questionnaire(iit_wave)
    actions.submit_response(
        wave=iit_wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "top")),
        client_id=uuid.uuid4(), token=token, comment="ขอให้ปรับปรุงการให้บริการ",
    )  # fmt: skip
    response = PendingResponse.objects.get()
    stored = " ".join(str(v) for v in PendingResponse.objects.values().get().values())
    assert token not in stored
    assert token not in " ".join(IitToken.objects.values_list("token_hash", flat=True))
    assert IitToken.objects.count() == iit_wave.tokens_issued - 1
    assert not hasattr(response, "created_at")
    # submissions leave no audit trail (an audit event would carry the time and the link)
    assert (
        not AuditEvent.objects.filter(object_type__startswith="surveys.")
        .exclude(action__in=["survey.wave_opened", "survey.slips_issued"])
        .exists()
    )
    assert ":" not in str(response.submitted_on)
