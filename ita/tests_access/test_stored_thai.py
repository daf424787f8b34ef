"""What is stored is Thai, whoever wrote it in whatever language (issue 13). The record is read
in Thai by the next person: the frozen plan and O43 facts that documents are rebuilt from, the
notifications sent to others, the audit log, the result's history. A reader who switched the
interface to English must not freeze English into any of them.

Every POST of the permission matrix that some persona may make is sent by that persona in
English, in order, without rolling back; then every text the database holds is searched for the
English of the catalogue (each msgstr's longest literal stretch of 12 characters or more)."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ita.lib.tests.test_locale import LOCALE, entries
from ita.public.tests.matrix import publish_all
from ita.tests_access.test_english_pages import stored_texts
from ita.tests_access.test_permission_matrix import MATRIX, PERSONAS, Objects

pytestmark = pytest.mark.django_db
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# English words that are also the system's own codes or names, stored as they are
NOT_ENGLISH_PROSE = {"ITA system"}


def english_phrases() -> list[str]:
    found = set()
    for entry in entries(LOCALE / "en/LC_MESSAGES/django.po"):
        for text in entry["msgstr"]:
            text = text.replace("\\n", "\n")
            longest = max(PLACEHOLDER.split(text), key=len).strip(" .,:;()—–-")
            if len(longest) >= 12 and " " in longest and longest not in NOT_ENGLISH_PROSE:
                found.add(longest)
    return sorted(found)


def _client(o, persona, clients, settings) -> Client:
    if persona not in clients:
        client = clients[persona] = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if o.users[persona] is not None:
            client.force_login(o.users[persona])
    return clients[persona]


def test_nothing_written_in_english_is_stored_in_english(
    world, other_division, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):  # the objects' own actions, as an English reader's
        o = Objects(world, other_division, django_user_model)
        publish_all(o)
        for entry in MATRIX.values():
            entry.given(o)
    clients: dict[str, Client] = {}
    posted = 0
    for name, entry in MATRIX.items():
        if entry.post is None:
            continue
        allowed = [p for p in PERSONAS if entry.post[p] in (200, 302) and o.users[p] is not None]
        for persona in allowed[:1]:
            try:
                url = reverse(name, args=entry.args(o, persona))
                data = entry.data(o)
            except Exception:  # an object an earlier POST used up (a plan already approved)
                continue
            with transaction.atomic():
                _client(o, persona, clients, settings).post(url, data)
            posted += 1
    assert posted > 40  # the walk reached the actions at all
    phrases = english_phrases()
    assert len(phrases) > 300
    leaks = {
        text[:120]: phrase
        for text in stored_texts(thai_only=False)
        for phrase in phrases
        if phrase in text
    }
    assert leaks == {}
