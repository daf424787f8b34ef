"""The API's world: the own agency (world.own, "A") with private data of every kind the API
serves and part of it published, and tokens of the personas."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from ita.api import actions
from ita.public.tests.conftest import everything, publish, published  # noqa: F401 (fixtures)
from ita.surveys import actions as surveys
from ita.surveys.questionnaire import read_answers
from ita.surveys.tests.conftest import open_wave, pattern_answers, questionnaire

OWN = "T-OWN"


def token_for(user, name="ทดสอบ") -> str:
    return actions.create_token(acting_user=user, name=name)[1]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def api():
    return Client()


@pytest.fixture
def wave(world):
    """An open EIT wave of the own agency with three answers waiting for their batch."""
    wave = open_wave(world, "EIT", population=0)
    form = questionnaire(wave)
    for _ in range(3):
        surveys.submit_response(
            wave=wave, questionnaire=form, answers=read_answers(form, pattern_answers(form, "top")),
            client_id=uuid.uuid4(),
        )  # fmt: skip
    return wave


@pytest.fixture
def private(world, published, wave):  # noqa: F811
    """Everything of the own agency: results 2564 (unpublished) and 2565 (published), the
    approved plan of 2565 (O42, memo and O43 round 6 published), the OIT checklist of 2566
    (published), the EIT wave (never public)."""
    return published


@pytest.fixture
def tokens(world):
    return {
        "officer": token_for(world.officer),
        "foreign": token_for(world.foreign_officer),
        "division_head": token_for(world.division_head),
        "national": token_for(world.national),
    }
