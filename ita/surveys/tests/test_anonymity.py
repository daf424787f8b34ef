"""Anonymity by construction: the answer tables cannot link an answer to a token, a user, an IP
address, a user agent or a time, whatever the code that writes them does."""

import uuid

import pytest
from django.db import connection

from ita.audit.models import AuditEvent
from ita.surveys import actions
from ita.surveys.models import IitToken, ItemAnswer, Response
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


def test_answer_tables_hold_no_identity_and_no_time():
    assert set(columns(Response)) == {
        "id", "wave_id", "client_id", "submitted_on", "answers", "comment", "tallied",
    }  # fmt: skip
    assert set(columns(ItemAnswer)) == {"id", "response_id", "item_code", "value_sum"}
    assert foreign_tables(Response) == {"surveys_wave"}
    assert foreign_tables(ItemAnswer) == {"surveys_response"}
    # the day only: a DATE column, not a timestamp
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"
    assert not any(
        f.get_internal_type() == "DateTimeField" for f in Response._meta.get_fields() if f.concrete
    )


def test_tokens_are_stored_hashed_with_nothing_about_their_use():
    assert set(columns(IitToken)) == {"id", "wave_id", "token_hash", "used"}


def test_stored_rows_hold_neither_the_token_nor_a_time(iit_wave, world):
    token = token_of(iit_wave, 1)
    q = questionnaire(iit_wave)
    actions.submit_response(
        wave=iit_wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "top")),
        client_id=uuid.uuid4(), token=token, comment="ขอให้ปรับปรุงการให้บริการ",
    )  # fmt: skip
    response = Response.objects.get()
    stored = " ".join(str(v) for v in Response.objects.values().get().values())
    assert token not in stored
    assert token not in " ".join(IitToken.objects.values_list("token_hash", flat=True))
    assert IitToken.objects.filter(used=True).count() == 1
    assert not hasattr(response, "created_at")
    # submissions leave no audit trail (an audit event would carry the time and the link)
    assert not AuditEvent.objects.filter(object_type="surveys.response").exists()
    assert ":" not in str(response.submitted_on)
