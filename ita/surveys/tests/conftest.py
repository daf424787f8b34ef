"""Fixtures of the surveys tests: open waves for the `world` agencies and answer patterns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ita.surveys import actions
from ita.surveys.queries import questionnaire_of

YEAR = 2566


def pattern_answers(questionnaire, pattern: str) -> dict[str, str]:
    """POST data answering every sub-question. "top": the best option on the form (มากที่สุด,
    ไม่มี for bribery, มี for good practice); "low": น้อย, มี for bribery, ไม่มี for practice."""
    data = {}
    for question in questionnaire.questions:
        labels = [o.label for o in question.options]
        if question.kind == "scale4":
            index = 3 if pattern == "top" else 1
        elif question.kind == "bribery_yes_no":
            index = labels.index("ไม่มี" if pattern == "top" else "มี")
        else:
            index = labels.index("มี" if pattern == "top" else "ไม่มี")
        for sub in question.subs:
            data[sub.field] = str(index)
    return data


_SLIPS: dict[int, list[str]] = {}  # the printed slips of each test wave (the server keeps none)


def open_wave(world, tool: str, population: int = 10, **kwargs):
    """An open wave; an IIT wave with one slip per staff member, issued as the officer would."""
    today = timezone.localdate()
    agency = kwargs.pop("agency", world.own)
    # the actions ask the rules themselves: another agency's waves are opened by the coordinator
    actor = world.officer if agency == world.own else world.coordinator
    wave = actions.open_wave(
        acting_user=actor,
        agency=agency,
        tool=tool,
        fiscal_year=kwargs.pop("fiscal_year", YEAR),
        starts_on=kwargs.pop("starts_on", today),
        ends_on=kwargs.pop("ends_on", today + dt.timedelta(days=30)),
        population=population,
    )
    if tool == "IIT":
        _SLIPS[wave.pk] = actions.issue_slips(acting_user=actor, wave=wave, count=population)
        wave.refresh_from_db()
    return wave


@pytest.fixture
def iit_wave(world):
    return open_wave(world, "IIT")


@pytest.fixture
def eit_wave(world):
    return open_wave(world, "EIT", population=0)


def slips_of(wave) -> list[str]:
    return _SLIPS[wave.pk]


def token_of(wave, serial: int) -> str:
    """The serial-th slip of the print run (slips carry no serial; this is the test's own)."""
    return _SLIPS[wave.pk][serial - 1]


def questionnaire(wave):
    return questionnaire_of(wave.framework_id, wave.tool)
